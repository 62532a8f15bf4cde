using System.Buffers.Binary;

namespace Orchestron.WebRtc.Rtp;

/// <summary>The fixed RTP header (RFC 3550 section 5.1) and how to write and read it.</summary>
/// <param name="PayloadType">The 7-bit payload type, as negotiated in SDP.</param>
/// <param name="Marker">The marker bit; for audio, the first packet of a talkspurt.</param>
/// <param name="SequenceNumber">Increments by one per packet sent.</param>
/// <param name="Timestamp">The sampling instant of the payload's first sample, at the clock rate.</param>
/// <param name="Ssrc">The synchronisation source.</param>
public readonly record struct RtpHeader(byte PayloadType, bool Marker, ushort SequenceNumber, uint Timestamp, uint Ssrc)
{
    /// <summary>The length of a header without CSRCs or extension.</summary>
    public const int Length = 12;

    private const byte Version2 = 0x80;

    /// <summary>Writes this header (version 2, no padding, extension or CSRCs) and returns <see cref="Length"/>.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than 12 bytes or the payload type exceeds 127.</exception>
    public int WriteTo(Span<byte> destination)
    {
        if (PayloadType > 127)
        {
            throw new ArgumentException($"An RTP payload type is 0 to 127, not {PayloadType}.", nameof(destination));
        }

        if (destination.Length < Length)
        {
            throw new ArgumentException($"An RTP header needs {Length} bytes; the destination has {destination.Length}.", nameof(destination));
        }

        destination[0] = Version2;
        destination[1] = (byte)(PayloadType | (Marker ? 0x80 : 0));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Ssrc);
        return Length;
    }

    /// <summary>
    /// Reads the fixed header of an RTP packet and the offset and length of its payload, skipping CSRCs, the
    /// header extension and padding; false for anything that is not a complete version 2 packet.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> packet, out RtpHeader header, out int payloadOffset, out int payloadLength)
    {
        header = default;
        payloadOffset = 0;
        payloadLength = 0;
        if (packet.Length < Length || packet[0] >> 6 != 2)
        {
            return false;
        }

        var offset = Length + (4 * (packet[0] & 0x0F));
        if ((packet[0] & 0x10) != 0)
        {
            if (offset + 4 > packet.Length)
            {
                return false;
            }

            offset += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]));
        }

        var end = packet.Length;
        if ((packet[0] & 0x20) != 0)
        {
            var padding = packet[^1];
            if (padding == 0 || padding > end - offset)
            {
                return false;
            }

            end -= padding;
        }

        if (offset > end)
        {
            return false;
        }

        header = new RtpHeader(
            (byte)(packet[1] & 0x7F),
            (packet[1] & 0x80) != 0,
            BinaryPrimitives.ReadUInt16BigEndian(packet[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[8..]));
        payloadOffset = offset;
        payloadLength = end - offset;
        return true;
    }
}
