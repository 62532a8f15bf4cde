using System.Buffers.Binary;

namespace Orchestron.WebRtc.Rtp;

/// <summary>The sender information of an RTCP sender report (RFC 3550 section 6.4.1).</summary>
/// <param name="Ssrc">The sender's SSRC.</param>
/// <param name="NtpTimestamp">The wallclock time the report is sent, in 64-bit NTP format.</param>
/// <param name="RtpTimestamp">The same instant on the RTP media clock.</param>
/// <param name="PacketCount">RTP packets sent since the stream started (mod 2^32).</param>
/// <param name="OctetCount">RTP payload bytes sent since the stream started (mod 2^32).</param>
public readonly record struct RtcpSenderInfo(uint Ssrc, ulong NtpTimestamp, uint RtpTimestamp, uint PacketCount, uint OctetCount)
{
    private const int BodyLength = 24;

    /// <summary>Reads the sender information of an SR; false for another packet type or a truncated SR.</summary>
    public static bool TryRead(RtcpPacket packet, out RtcpSenderInfo sender)
    {
        sender = default;
        if (packet.PacketType != RtcpPacketType.SenderReport || packet.Body.Length < BodyLength)
        {
            return false;
        }

        var body = packet.Body;
        sender = new RtcpSenderInfo(
            BinaryPrimitives.ReadUInt32BigEndian(body),
            BinaryPrimitives.ReadUInt64BigEndian(body[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[20..]));
        return true;
    }
}
