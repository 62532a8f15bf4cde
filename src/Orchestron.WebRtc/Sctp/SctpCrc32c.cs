using System.Buffers.Binary;
using System.Numerics;

namespace Orchestron.WebRtc.Sctp;

/// <summary>The CRC32c (Castagnoli) checksum of SCTP packets (RFC 4960 appendix B, RFC 3309).</summary>
/// <remarks><see cref="BitOperations.Crc32C(uint, ulong)"/> uses the CPU's CRC32 instruction where there is one.</remarks>
internal static class SctpCrc32c
{
    /// <summary>The checksum field's offset in the common header.</summary>
    internal const int ChecksumOffset = 8;

    /// <summary>The CRC32c of <paramref name="data"/> (initial value all ones, final complement).</summary>
    internal static uint Compute(ReadOnlySpan<byte> data) => ~Append(uint.MaxValue, data);

    /// <summary>The checksum of a whole packet, computed as if its checksum field held zeros.</summary>
    internal static uint ComputePacket(ReadOnlySpan<byte> packet)
    {
        var crc = Append(uint.MaxValue, packet[..ChecksumOffset]);
        crc = BitOperations.Crc32C(crc, 0u);
        return ~Append(crc, packet[(ChecksumOffset + 4)..]);
    }

    /// <summary>Writes the checksum into a packet whose other fields are final.</summary>
    internal static void Stamp(Span<byte> packet) =>
        BinaryPrimitives.WriteUInt32LittleEndian(packet[ChecksumOffset..], ComputePacket(packet));

    /// <summary>Whether the packet's checksum field matches its content.</summary>
    internal static bool Verify(ReadOnlySpan<byte> packet) =>
        packet.Length >= SctpPacket.CommonHeaderLength
        && BinaryPrimitives.ReadUInt32LittleEndian(packet[ChecksumOffset..]) == ComputePacket(packet);

    private static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (var value in data)
        {
            crc = BitOperations.Crc32C(crc, value);
        }

        return crc;
    }
}
