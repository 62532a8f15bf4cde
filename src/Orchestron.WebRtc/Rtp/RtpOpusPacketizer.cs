using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Orchestron.WebRtc.Rtp;

/// <summary>
/// Turns one Opus packet per frame into an RTP packet (RFC 7587): random SSRC, sequence origin and timestamp
/// offset (RFC 3550 section 5.1), and an RTP timestamp taken from the caller's clock, never counted here.
/// </summary>
/// <remarks>
/// <para>
/// The caller numbers its frames by the 48 kHz index of their first sample; the RTP timestamp is that index plus
/// <see cref="TimestampOffset"/>, modulo 2^32. Because the packetiser keeps no clock of its own, a frame the caller
/// skips (an encoder error, a DTX frame, a frame of the wrong size) leaves a gap of exactly its duration in the
/// timestamps and no lasting offset; sequence numbers stay continuous, so receivers see a pause, not loss.
/// </para>
/// <para>
/// The caller also decides the marker bit, because it alone knows whether the frame starts a talkspurt. Not
/// thread-safe: the pacer's thread packetises. <see cref="PacketsSent"/> and <see cref="PayloadOctetsSent"/>
/// feed the sender reports and may be read from any thread.
/// </para>
/// </remarks>
public sealed class RtpOpusPacketizer
{
    /// <summary>The RTP clock rate of Opus, always 48 kHz (RFC 7587 section 4.1).</summary>
    public const int ClockRate = 48_000;

    private ushort _nextSequence;
    private long _packetsSent;
    private long _payloadOctetsSent;

    /// <summary>Creates a packetiser with a random SSRC, initial sequence number and timestamp offset.</summary>
    /// <param name="payloadType">The Opus payload type the SDP offer chose (dynamic, 96 to 127 in practice).</param>
    public RtpOpusPacketizer(byte payloadType)
        : this(payloadType, RandomUInt32(), (ushort)RandomUInt32(), RandomUInt32())
    {
    }

    /// <summary>Creates a packetiser with a given origin (for tests and for keeping an SSRC across restarts).</summary>
    internal RtpOpusPacketizer(byte payloadType, uint ssrc, ushort initialSequence, uint timestampOffset)
    {
        if (payloadType > 127)
        {
            throw new ArgumentOutOfRangeException(nameof(payloadType), payloadType, "An RTP payload type is 0 to 127.");
        }

        PayloadType = payloadType;
        Ssrc = ssrc;
        _nextSequence = initialSequence;
        TimestampOffset = timestampOffset;
    }

    /// <summary>The payload type written into every packet.</summary>
    public byte PayloadType { get; }

    /// <summary>This stream's synchronisation source.</summary>
    public uint Ssrc { get; }

    /// <summary>The random offset added to the caller's sample index to make the RTP timestamp.</summary>
    public uint TimestampOffset { get; }

    /// <summary>The sequence number the next sent packet gets.</summary>
    public ushort NextSequenceNumber => _nextSequence;

    /// <summary>Packets sent so far (the sender report's packet count).</summary>
    public long PacketsSent => Volatile.Read(ref _packetsSent);

    /// <summary>Payload bytes sent so far, excluding headers (the sender report's octet count).</summary>
    public long PayloadOctetsSent => Volatile.Read(ref _payloadOctetsSent);

    /// <summary>The RTP timestamp of the sample the caller's clock numbers <paramref name="timestamp"/>.</summary>
    /// <param name="timestamp">A 48 kHz sample index from the caller's clock.</param>
    public uint ToRtpTimestamp(long timestamp) => unchecked((uint)timestamp + TimestampOffset);

    /// <summary>Writes the RTP packet of one encoded frame.</summary>
    /// <param name="opusPacket">The encoder's output for this frame.</param>
    /// <param name="timestamp">The 48 kHz sample index of the frame's first sample, from the caller's clock.</param>
    /// <param name="marker">True for the first packet of a talkspurt (RFC 3551 section 4.1).</param>
    /// <param name="destination">Receives the RTP packet; needs 12 bytes plus the Opus packet, plus room for SRTP's tag.</param>
    /// <returns>The RTP packet's length.</returns>
    /// <exception cref="ArgumentException">The destination is too small or the Opus packet is empty; nothing changes.</exception>
    public int Packetize(ReadOnlySpan<byte> opusPacket, long timestamp, bool marker, Span<byte> destination)
    {
        if (opusPacket.IsEmpty)
        {
            throw new ArgumentException("An Opus packet is at least one byte.", nameof(opusPacket));
        }

        var length = RtpHeader.Length + opusPacket.Length;
        if (destination.Length < length)
        {
            throw new ArgumentException($"The RTP packet needs {length} bytes; the destination has {destination.Length}.", nameof(destination));
        }

        new RtpHeader(PayloadType, marker, _nextSequence, ToRtpTimestamp(timestamp), Ssrc).WriteTo(destination);
        opusPacket.CopyTo(destination[RtpHeader.Length..]);

        _nextSequence = unchecked((ushort)(_nextSequence + 1));
        Volatile.Write(ref _packetsSent, _packetsSent + 1);
        Volatile.Write(ref _payloadOctetsSent, _payloadOctetsSent + opusPacket.Length);
        return length;
    }

    private static uint RandomUInt32()
    {
        Span<byte> bytes = stackalloc byte[4];
        RandomNumberGenerator.Fill(bytes);
        return BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    }
}
