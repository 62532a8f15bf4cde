using System.Buffers.Binary;

namespace Orchestron.WebRtc.Sctp;

/// <summary>The SCTP common header (RFC 4960 section 3.1) and the walk over a packet's chunks.</summary>
internal static class SctpPacket
{
    internal const int CommonHeaderLength = 12;
    internal const int ChunkHeaderLength = 4;

    internal static ushort SourcePort(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt16BigEndian(packet);

    internal static ushort DestinationPort(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);

    internal static uint VerificationTag(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);

    internal static void WriteCommonHeader(Span<byte> packet, ushort sourcePort, ushort destinationPort, uint verificationTag)
    {
        BinaryPrimitives.WriteUInt16BigEndian(packet, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], destinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], verificationTag);
        BinaryPrimitives.WriteUInt32BigEndian(packet[8..], 0);
    }

    /// <summary>
    /// Checks that the chunks tile the packet exactly (each length at least 4, padding to 4 bytes, nothing past the
    /// end), so that every later read can trust the lengths.
    /// </summary>
    internal static bool HasValidChunkLayout(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < CommonHeaderLength + ChunkHeaderLength)
        {
            return false;
        }

        var offset = CommonHeaderLength;
        while (offset < packet.Length)
        {
            if (packet.Length - offset < ChunkHeaderLength)
            {
                return false;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]);
            if (length < ChunkHeaderLength || length > packet.Length - offset)
            {
                return false;
            }

            // The last chunk's padding may be left off (RFC 4960 section 3.2: the sender pads, the length excludes it).
            offset += Math.Min(Pad4(length), packet.Length - offset);
        }

        return true;
    }

    internal static int Pad4(int length) => (length + 3) & ~3;
}
