namespace Orchestron.Csound.Midi;

/// <summary>One channel-voice MIDI message and the sample time at which Csound may read it.</summary>
internal readonly record struct MidiMessage(long DueSample, byte Status, byte Data1, byte Data2)
{
    /// <summary>Program change and channel pressure carry one data byte; the other channel messages two.</summary>
    internal int Length => (Status & 0xF0) is 0xC0 or 0xD0 ? 2 : 3;
}
