using System.Buffers.Binary;

namespace Orchestron.Host.Control;

/// <summary>
/// One control message read in place from the bytes it arrived in (see <see cref="ControlMessageFormat"/>): the
/// parse checks lengths and byte ranges and copies nothing, so a message costs no allocation on its way to the session.
/// </summary>
public readonly ref struct ControlMessage
{
    private readonly ReadOnlySpan<byte> _bytes;

    private ControlMessage(ReadOnlySpan<byte> bytes) => _bytes = bytes;

    /// <summary>What the message is.</summary>
    public ControlMessageKind Kind => (ControlMessageKind)_bytes[1];

    /// <summary>The sender's tag, echoed in the reply.</summary>
    public ushort Tag => BinaryPrimitives.ReadUInt16BigEndian(_bytes[2..]);

    /// <summary>The MIDI bytes of a note or MIDI message: status then one or two data bytes.</summary>
    public MidiBytes Midi => Kind switch
    {
        ControlMessageKind.NoteOn => new((byte)(0x90 | _bytes[4]), _bytes[5], _bytes[6], 3),
        ControlMessageKind.NoteOff => new((byte)(0x80 | _bytes[4]), _bytes[5], _bytes[6], 3),
        ControlMessageKind.Midi => new(_bytes[6], _bytes[7], _bytes.Length == 9 ? _bytes[8] : (byte)0, _bytes.Length - 6),
        _ => throw new InvalidOperationException($"A {Kind} message carries no MIDI bytes."),
    };

    /// <summary>The delay of a note or MIDI message, in milliseconds (0 when a note gives none).</summary>
    public int DelayMs => Kind switch
    {
        ControlMessageKind.NoteOn or ControlMessageKind.NoteOff => _bytes.Length == 9 ? BinaryPrimitives.ReadUInt16BigEndian(_bytes[7..]) : 0,
        ControlMessageKind.Midi => BinaryPrimitives.ReadUInt16BigEndian(_bytes[4..]),
        _ => 0,
    };

    /// <summary>A channel message's value.</summary>
    public double ChannelValue => BinaryPrimitives.ReadDoubleBigEndian(_bytes[4..]);

    /// <summary>A channel message's name, ASCII.</summary>
    public ReadOnlySpan<byte> ChannelName => _bytes[12..];

    /// <summary>A ping's bytes, returned in its pong.</summary>
    public ReadOnlySpan<byte> PingPayload => _bytes[4..];

    /// <summary>
    /// Reads <paramref name="bytes"/> as a control message. On failure <paramref name="error"/> says why and
    /// <paramref name="tag"/> holds the tag when the header could be read (0 otherwise), so the refusal can name it.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, out ControlMessage message, out ControlError error, out ushort tag)
    {
        message = default;
        tag = bytes.Length >= ControlMessageFormat.HeaderLength ? BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]) : (ushort)0;
        if (bytes.Length < ControlMessageFormat.HeaderLength || bytes.Length > ControlMessageFormat.MaxMessageLength)
        {
            error = ControlError.Malformed;
            return false;
        }

        if (bytes[0] != ControlMessageFormat.Version)
        {
            error = ControlError.UnsupportedVersion;
            return false;
        }

        var wellFormed = (ControlMessageKind)bytes[1] switch
        {
            ControlMessageKind.NoteOn => IsNote(bytes) && bytes[6] > 0,
            ControlMessageKind.NoteOff => IsNote(bytes),
            ControlMessageKind.Midi => IsMidi(bytes),
            ControlMessageKind.ChannelValue => bytes.Length > 12 && bytes.Length - 12 <= ControlMessageFormat.MaxChannelNameLength,
            ControlMessageKind.Panic => bytes.Length == ControlMessageFormat.HeaderLength,
            ControlMessageKind.Ping => bytes.Length == ControlMessageFormat.HeaderLength + ControlMessageFormat.PingPayloadLength,
            _ => false,
        };
        if (!wellFormed)
        {
            error = ControlError.Malformed;
            return false;
        }

        error = default;
        message = new ControlMessage(bytes);
        return true;
    }

    private static bool IsNote(ReadOnlySpan<byte> bytes) =>
        bytes.Length is 7 or 9 && bytes[4] <= 15 && bytes[5] <= 127 && bytes[6] <= 127;

    // The MIDI bytes' own checks (status range, data byte count and range) are the HTTP API's, applied when routed.
    private static bool IsMidi(ReadOnlySpan<byte> bytes) => bytes.Length is 8 or 9;

    /// <summary>A MIDI message's bytes, as many as <see cref="Count"/> says.</summary>
    /// <param name="Status">The status byte.</param>
    /// <param name="Data1">The first data byte.</param>
    /// <param name="Data2">The second data byte (0 when <see cref="Count"/> is 2).</param>
    /// <param name="Count">2 or 3.</param>
    public readonly record struct MidiBytes(byte Status, byte Data1, byte Data2, int Count);
}
