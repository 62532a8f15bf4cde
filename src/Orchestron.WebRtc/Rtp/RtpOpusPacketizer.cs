using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Orchestron.WebRtc.Rtp;

/// <summary>
/// Turns one Opus packet per frame into RTP packets (RFC 7587): random SSRC, sequence and timestamp origin
/// (RFC 3550 section 5.1), a 48 kHz timestamp that advances by every frame's samples whether or not the frame
/// is sent, and the marker bit on the first packet of each talkspurt.
/// </summary>
/// <remarks>
/// DTX frames (1-2 byte Opus packets during silence) are not sent, as browsers do: the gap in timestamps with
/// continuous sequence numbers tells the receiver it was silence, not loss. Not thread-safe: the pacer's thread
/// packetises. <see cref="PacketsSent"/> and <see cref="PayloadOctetsSent"/> feed the sender reports.
/// </remarks>
public sealed class RtpOpusPacketizer
{
    /// <summary>The RTP clock rate of Opus, always 48 kHz (RFC 7587 section 4.1).</summary>
    public const int ClockRate = 48_000;

    private ushort _nextSequence;
    private uint _nextTimestamp;
    private bool _startOfTalkspurt = true;
    private long _packetsSent;
    private long _payloadOctetsSent;

    /// <summary>Creates a packetiser with a random SSRC, initial sequence number and initial timestamp.</summary>
    /// <param name="payloadType">The Opus payload type the SDP offer chose (dynamic, 96 to 127 in practice).</param>
    public RtpOpusPacketizer(byte payloadType)
        : this(payloadType, RandomUInt32(), (ushort)RandomUInt32(), RandomUInt32())
    {
    }

    /// <summary>Creates a packetiser with a given origin (for tests and for keeping an SSRC across restarts).</summary>
    internal RtpOpusPacketizer(byte payloadType, uint ssrc, ushort initialSequence, uint initialTimestamp)
    {
        if (payloadType > 127)
        {
            throw new ArgumentOutOfRangeException(nameof(payloadType), payloadType, "An RTP payload type is 0 to 127.");
        }

        PayloadType = payloadType;
        Ssrc = ssrc;
        _nextSequence = initialSequence;
        _nextTimestamp = initialTimestamp;
    }

    /// <summary>The payload type written into every packet.</summary>
    public byte PayloadType { get; }

    /// <summary>This stream's synchronisation source.</summary>
    public uint Ssrc { get; }

    /// <summary>The sequence number the next sent packet gets.</summary>
    public ushort NextSequenceNumber => _nextSequence;

    /// <summary>The RTP timestamp of the next frame's first sample.</summary>
    public uint NextTimestamp => _nextTimestamp;

    /// <summary>Packets sent so far (the sender report's packet count).</summary>
    public long PacketsSent => Volatile.Read(ref _packetsSent);

    /// <summary>Payload bytes sent so far, excluding headers (the sender report's octet count).</summary>
    public long PayloadOctetsSent => Volatile.Read(ref _payloadOctetsSent);

    /// <summary>Writes the RTP packet for one encoded frame, or nothing for a DTX frame.</summary>
    /// <param name="opusPacket">The encoder's output for this frame.</param>
    /// <param name="samplesPerChannel">The frame's duration in 48 kHz samples (480 or 960).</param>
    /// <param name="isDtx">True when the encoder produced a DTX packet (silence): the frame is skipped.</param>
    /// <param name="destination">Receives the RTP packet; needs 12 bytes plus the Opus packet, plus room for SRTP's tag.</param>
    /// <returns>The RTP packet's length, or 0 when the frame is not sent.</returns>
    /// <exception cref="ArgumentException">The destination is too small or the Opus packet is empty.</exception>
    public int Packetize(ReadOnlySpan<byte> opusPacket, int samplesPerChannel, bool isDtx, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samplesPerChannel);
        var timestamp = _nextTimestamp;
        _nextTimestamp = unchecked(timestamp + (uint)samplesPerChannel);

        if (isDtx)
        {
            _startOfTalkspurt = true;
            return 0;
        }

        if (opusPacket.IsEmpty)
        {
            throw new ArgumentException("An Opus packet is at least one byte.", nameof(opusPacket));
        }

        var length = RtpHeader.Length + opusPacket.Length;
        if (destination.Length < length)
        {
            _nextTimestamp = timestamp;
            throw new ArgumentException($"The RTP packet needs {length} bytes; the destination has {destination.Length}.", nameof(destination));
        }

        new RtpHeader(PayloadType, _startOfTalkspurt, _nextSequence, timestamp, Ssrc).WriteTo(destination);
        opusPacket.CopyTo(destination[RtpHeader.Length..]);

        _startOfTalkspurt = false;
        _nextSequence = unchecked((ushort)(_nextSequence + 1));
        Volatile.Write(ref _packetsSent, _packetsSent + 1);
        Volatile.Write(ref _payloadOctetsSent, _payloadOctetsSent + opusPacket.Length);
        return length;
    }

    /// <summary>Marks the next sent packet as the start of a talkspurt, e.g. after the stream was paused.</summary>
    public void MarkTalkspurtStart() => _startOfTalkspurt = true;

    private static uint RandomUInt32()
    {
        Span<byte> bytes = stackalloc byte[4];
        RandomNumberGenerator.Fill(bytes);
        return BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    }
}
