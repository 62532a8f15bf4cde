using System.Buffers.Binary;

namespace Orchestron.WebRtc.Rtp;

/// <summary>Reads SDES packets (RFC 3550 section 6.5): chunks of an SSRC and items, each chunk ending with END.</summary>
public static class RtcpSourceDescription
{
    private const byte EndItem = 0;
    private const byte CnameItem = 1;

    /// <summary>True when every chunk and item lies inside the packet.</summary>
    public static bool IsWellFormed(RtcpPacket packet) => Walk(packet, 0, out _) >= 0;

    /// <summary>Finds the CNAME (UTF-8) that <paramref name="ssrc"/> announces in this SDES packet.</summary>
    public static bool TryGetCname(RtcpPacket packet, uint ssrc, out ReadOnlySpan<byte> cname)
    {
        var found = Walk(packet, ssrc, out cname);
        return found > 0;
    }

    /// <summary>-1 when malformed, 1 when the CNAME of <paramref name="ssrc"/> was found, 0 otherwise.</summary>
    private static int Walk(RtcpPacket packet, uint ssrc, out ReadOnlySpan<byte> cname)
    {
        cname = default;
        if (packet.PacketType != RtcpPacketType.SourceDescription)
        {
            return -1;
        }

        var body = packet.Body;
        var offset = 0;
        var result = 0;
        for (var chunk = 0; chunk < packet.Count; chunk++)
        {
            if (offset + 4 > body.Length)
            {
                return -1;
            }

            var chunkSsrc = BinaryPrimitives.ReadUInt32BigEndian(body[offset..]);
            offset += 4;
            while (true)
            {
                if (offset >= body.Length)
                {
                    return -1;
                }

                var type = body[offset];
                if (type == EndItem)
                {
                    offset = (offset + 4) & ~3; // END, then zero padding to the next 32-bit boundary
                    break;
                }

                if (offset + 2 > body.Length || offset + 2 + body[offset + 1] > body.Length)
                {
                    return -1;
                }

                var itemLength = body[offset + 1];
                if (type == CnameItem && chunkSsrc == ssrc && result == 0)
                {
                    cname = body.Slice(offset + 2, itemLength);
                    result = 1;
                }

                offset += 2 + itemLength;
            }

            if (offset > body.Length)
            {
                return -1;
            }
        }

        return result;
    }
}
