namespace Orchestron.Host.Tests.Instruments;

/// <summary>One note: on and off times in seconds, MIDI note number and velocity.</summary>
internal sealed record Note(double On, double Off, int Number, int Velocity);

/// <summary>
/// Writes a format-0 Standard MIDI File. At the default tempo (120 bpm) and 480 ticks per quarter note
/// one second is 960 ticks. The end-of-track event is placed at <c>length</c>, so that Csound's
/// <c>-T</c> ends the render there.
/// </summary>
internal static class MidiFileWriter
{
    private const int TicksPerSecond = 960;

    public static byte[] Write(IEnumerable<Note> notes, double length)
    {
        var events = notes
            .SelectMany(n => new[]
            {
                (Tick: Ticks(n.On), Status: 0x90, n.Number, n.Velocity),
                (Tick: Ticks(n.Off), Status: 0x80, n.Number, Velocity: 0),
            })
            .OrderBy(e => e.Tick).ThenBy(e => e.Status == 0x90)
            .ToList();

        var track = new List<byte>();
        var previous = 0;
        foreach (var e in events)
        {
            track.AddRange(VariableLength(e.Tick - previous));
            track.AddRange([(byte)e.Status, (byte)e.Number, (byte)e.Velocity]);
            previous = e.Tick;
        }

        track.AddRange(VariableLength(Math.Max(0, Ticks(length) - previous)));
        track.AddRange([0xFF, 0x2F, 0x00]);

        var file = new List<byte>();
        file.AddRange("MThd"u8.ToArray());
        file.AddRange(BigEndian(6, 4));
        file.AddRange(BigEndian(0, 2));
        file.AddRange(BigEndian(1, 2));
        file.AddRange(BigEndian(480, 2));
        file.AddRange("MTrk"u8.ToArray());
        file.AddRange(BigEndian(track.Count, 4));
        file.AddRange(track);
        return [.. file];
    }

    private static int Ticks(double seconds) => (int)Math.Round(seconds * TicksPerSecond);

    private static byte[] BigEndian(int value, int bytes) =>
        Enumerable.Range(0, bytes).Select(i => (byte)(value >> (8 * (bytes - 1 - i)))).ToArray();

    private static IEnumerable<byte> VariableLength(int value)
    {
        var groups = new Stack<byte>();
        groups.Push((byte)(value & 0x7F));
        while ((value >>= 7) > 0)
        {
            groups.Push((byte)((value & 0x7F) | 0x80));
        }

        return groups;
    }
}
