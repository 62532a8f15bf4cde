namespace Orchestron.WebRtc.Rtp;

/// <summary>One packet of a compound RTCP packet, as <see cref="RtcpCompoundReader"/> found it.</summary>
public readonly ref struct RtcpPacket
{
    internal RtcpPacket(byte packetType, int count, ReadOnlySpan<byte> body)
    {
        PacketType = packetType;
        Count = count;
        Body = body;
    }

    /// <summary>The packet type, e.g. <see cref="RtcpPacketType.ReceiverReport"/>.</summary>
    public byte PacketType { get; }

    /// <summary>The 5-bit count field: report blocks, SDES chunks or BYE sources, depending on the type.</summary>
    public int Count { get; }

    /// <summary>Everything after the 4-byte header, without padding.</summary>
    public ReadOnlySpan<byte> Body { get; }
}
