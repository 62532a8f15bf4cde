using System.Buffers.Binary;

namespace Orchestron.WebRtc.Rtp;

/// <summary>Reads BYE packets (RFC 3550 section 6.6): the leaving SSRCs and an optional reason.</summary>
public static class RtcpGoodbye
{
    /// <summary>True when the SSRC list and the optional reason lie inside the packet.</summary>
    public static bool IsWellFormed(RtcpPacket packet)
    {
        if (packet.PacketType != RtcpPacketType.Goodbye)
        {
            return false;
        }

        var listLength = packet.Count * 4;
        if (packet.Body.Length < listLength)
        {
            return false;
        }

        var rest = packet.Body[listLength..];
        return rest.IsEmpty || 1 + rest[0] <= rest.Length;
    }

    /// <summary>True when this well-formed BYE lists <paramref name="ssrc"/>.</summary>
    public static bool Contains(RtcpPacket packet, uint ssrc)
    {
        if (!IsWellFormed(packet))
        {
            return false;
        }

        for (var i = 0; i < packet.Count; i++)
        {
            if (BinaryPrimitives.ReadUInt32BigEndian(packet.Body[(i * 4)..]) == ssrc)
            {
                return true;
            }
        }

        return false;
    }
}
