using System.Buffers.Binary;

namespace Orchestron.WebRtc.LowLatency;

/// <summary>
/// The wire format of the low-latency audio path's data channel messages.
/// </summary>
/// <remarks>
/// <para>
/// An audio packet (sender to listener), big-endian: byte 0 the type <see cref="AudioType"/>; byte 1 flags (bit 0:
/// a redundant frame follows the primary); bytes 2-3 the sequence number; bytes 4-7 the 48 kHz timestamp of the
/// primary frame's first sample; bytes 8-9 the samples per channel of each frame (120 or 240); bytes 10-11 the
/// primary Opus frame's length; then the primary frame; then, when flagged, the previous frame (sequence - 1,
/// timestamp - samples) to the end of the message.
/// </para>
/// <para>
/// A ping (listener to sender) is <see cref="PingType"/> and 8 opaque bytes; the sender answers with
/// <see cref="PongType"/> and the same 8 bytes, so the page can measure the round trip. Anything else is ignored.
/// </para>
/// </remarks>
public static class LowLatencyAudioPacket
{
    /// <summary>The type byte of an audio packet.</summary>
    public const byte AudioType = 0x01;

    /// <summary>The type byte of a ping from the listener.</summary>
    public const byte PingType = 0x02;

    /// <summary>The type byte of the answer to a ping.</summary>
    public const byte PongType = 0x03;

    /// <summary>The length of a ping and of a pong.</summary>
    public const int PingLength = 9;

    /// <summary>The length of an audio packet's header.</summary>
    public const int HeaderLength = 12;

    /// <summary>The flag of a packet that carries the previous frame after its own.</summary>
    public const byte RedundancyFlag = 0x01;

    /// <summary>The longest Opus frame a packet carries (RFC 6716 section 3.4: 1275 bytes).</summary>
    public const int MaxOpusFrameLength = 1275;

    /// <summary>The room one packet may need: the header and two frames.</summary>
    public const int MaxLength = HeaderLength + (2 * MaxOpusFrameLength);

    /// <summary>Writes an audio packet.</summary>
    /// <param name="destination">At least <see cref="HeaderLength"/> plus both frames' lengths.</param>
    /// <param name="sequence">The packet's sequence number.</param>
    /// <param name="timestamp">The 48 kHz timestamp of the primary frame's first sample.</param>
    /// <param name="samplesPerChannel">The samples per channel of each frame.</param>
    /// <param name="primary">This period's Opus frame.</param>
    /// <param name="redundant">The previous period's Opus frame, or empty for none.</param>
    /// <returns>The packet's length.</returns>
    /// <exception cref="ArgumentException">A frame is empty or too long, or the destination too short.</exception>
    public static int Write(Span<byte> destination, ushort sequence, uint timestamp, int samplesPerChannel, ReadOnlySpan<byte> primary, ReadOnlySpan<byte> redundant)
    {
        if (primary.IsEmpty || primary.Length > MaxOpusFrameLength || redundant.Length > MaxOpusFrameLength)
        {
            throw new ArgumentException($"An Opus frame is 1 to {MaxOpusFrameLength} bytes; got {primary.Length} and {redundant.Length}.", nameof(primary));
        }

        var length = HeaderLength + primary.Length + redundant.Length;
        if (destination.Length < length)
        {
            throw new ArgumentException($"The packet needs {length} bytes; the destination has {destination.Length}.", nameof(destination));
        }

        destination[0] = AudioType;
        destination[1] = redundant.IsEmpty ? (byte)0 : RedundancyFlag;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], sequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], timestamp);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], (ushort)samplesPerChannel);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], (ushort)primary.Length);
        primary.CopyTo(destination[HeaderLength..]);
        redundant.CopyTo(destination[(HeaderLength + primary.Length)..]);
        return length;
    }

    /// <summary>Reads an audio packet; false (and nothing read) for anything malformed.</summary>
    /// <param name="packet">The message.</param>
    /// <param name="audio">The packet's fields and frames, slices of <paramref name="packet"/>.</param>
    /// <returns>True when <paramref name="packet"/> is a well-formed audio packet.</returns>
    public static bool TryRead(ReadOnlySpan<byte> packet, out LowLatencyAudioPacketView audio)
    {
        audio = default;
        if (packet.Length < HeaderLength + 1 || packet[0] != AudioType || (packet[1] & ~RedundancyFlag) != 0)
        {
            return false;
        }

        var samples = BinaryPrimitives.ReadUInt16BigEndian(packet[8..]);
        var primaryLength = BinaryPrimitives.ReadUInt16BigEndian(packet[10..]);
        var redundantLength = packet.Length - HeaderLength - primaryLength;
        var hasRedundancy = (packet[1] & RedundancyFlag) != 0;
        if (samples is not (120 or 240 or 480 or 960) || primaryLength is 0 or > MaxOpusFrameLength
            || redundantLength < 0 || redundantLength > MaxOpusFrameLength || hasRedundancy != (redundantLength > 0))
        {
            return false;
        }

        audio = new LowLatencyAudioPacketView(
            BinaryPrimitives.ReadUInt16BigEndian(packet[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[4..]),
            samples,
            packet.Slice(HeaderLength, primaryLength),
            packet[(HeaderLength + primaryLength)..]);
        return true;
    }
}
