namespace Orchestron.Host.Sessions;

/// <summary>A checked channel MIDI message for a session, and how long to wait before Csound reads it.</summary>
/// <param name="Status">The status byte, 128 to 239.</param>
/// <param name="Data1">The first data byte, 0 to 127.</param>
/// <param name="Data2">The second data byte, 0 to 127 (0 for two-byte messages).</param>
/// <param name="Delay">From 0 to 60 seconds.</param>
public readonly record struct MidiEvent(byte Status, byte Data1, byte Data2, TimeSpan Delay)
{
    /// <summary>Whether this starts a note: a note-on (0x9n) with a velocity above 0 (MIDI reads velocity 0 as a note-off).</summary>
    public bool IsNoteOn => (Status & 0xF0) == 0x90 && Data2 > 0;
}
