using System.Buffers.Binary;
using System.Text;

namespace Orchestron.Host.Tests.Control;

/// <summary>Control messages written byte by byte from docs/control-channel.md, independently of the host's parser.</summary>
internal static class ControlBytes
{
    public static byte[] NoteOn(ushort tag, int note, int velocity = 100, int channel = 0, int? delayMs = null) =>
        Note(0x01, tag, note, velocity, channel, delayMs);

    public static byte[] NoteOff(ushort tag, int note, int channel = 0, int? delayMs = null) =>
        Note(0x02, tag, note, 0, channel, delayMs);

    public static byte[] Midi(ushort tag, int delayMs, params byte[] midi) =>
        [.. Header(0x03, tag), (byte)(delayMs >> 8), (byte)delayMs, .. midi];

    public static byte[] Channel(ushort tag, string name, double value)
    {
        var bytes = new byte[12 + name.Length];
        Header(0x04, tag).CopyTo(bytes, 0);
        BinaryPrimitives.WriteDoubleBigEndian(bytes.AsSpan(4), value);
        Encoding.ASCII.GetBytes(name, bytes.AsSpan(12));
        return bytes;
    }

    public static byte[] Panic(ushort tag) => Header(0x05, tag);

    public static byte[] Ping(ushort tag, ulong payload)
    {
        var bytes = new byte[12];
        Header(0x06, tag).CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(4), payload);
        return bytes;
    }

    private static byte[] Note(byte kind, ushort tag, int note, int velocity, int channel, int? delayMs) =>
        delayMs is { } delay
            ? [.. Header(kind, tag), (byte)channel, (byte)note, (byte)velocity, (byte)(delay >> 8), (byte)delay]
            : [.. Header(kind, tag), (byte)channel, (byte)note, (byte)velocity];

    private static byte[] Header(byte kind, ushort tag) => [1, kind, (byte)(tag >> 8), (byte)tag];
}
