using System.Buffers.Binary;

namespace Orchestron.WebRtc.Rtp;

/// <summary>One reception report block of an SR or RR (RFC 3550 section 6.4.1).</summary>
/// <param name="Ssrc">The source this block reports on.</param>
/// <param name="FractionLost">Loss since the previous report, in 1/256 units.</param>
/// <param name="CumulativeLost">Packets lost since reception began (24-bit signed: duplicates can make it negative).</param>
/// <param name="ExtendedHighestSequence">The highest sequence number received, with its wrap count in the high 16 bits.</param>
/// <param name="Jitter">Interarrival jitter in RTP timestamp units.</param>
/// <param name="LastSenderReport">The compact NTP time of the last SR received from the source, or 0.</param>
/// <param name="DelaySinceLastSenderReport">The delay between receiving that SR and sending this block, in 1/65536 s.</param>
public readonly record struct RtcpReportBlock(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequence,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport)
{
    /// <summary>The size of one block on the wire.</summary>
    public const int Length = 24;

    private const int SenderInfoLength = 20;

    /// <summary>Reads a block from exactly <see cref="Length"/> or more bytes.</summary>
    public static RtcpReportBlock Read(ReadOnlySpan<byte> block)
    {
        var lostWord = BinaryPrimitives.ReadUInt32BigEndian(block[4..]);
        var cumulative = (int)(lostWord << 8) >> 8; // sign-extend the 24-bit field
        return new RtcpReportBlock(
            BinaryPrimitives.ReadUInt32BigEndian(block),
            (byte)(lostWord >> 24),
            cumulative,
            BinaryPrimitives.ReadUInt32BigEndian(block[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(block[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(block[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(block[20..]));
    }

    /// <summary>
    /// Finds the report blocks of an SR or RR: false when the packet is of another type or too short for the
    /// blocks its count announces (profile extensions after the blocks are allowed and ignored).
    /// </summary>
    public static bool TryGetBlocks(RtcpPacket packet, out uint reporterSsrc, out ReadOnlySpan<byte> blocks)
    {
        reporterSsrc = 0;
        blocks = default;
        var start = packet.PacketType switch
        {
            RtcpPacketType.SenderReport => 4 + SenderInfoLength,
            RtcpPacketType.ReceiverReport => 4,
            _ => -1,
        };

        var needed = start + (packet.Count * Length);
        if (start < 0 || packet.Body.Length < needed)
        {
            return false;
        }

        reporterSsrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Body);
        blocks = packet.Body[start..needed];
        return true;
    }
}
