using System.Buffers.Binary;

namespace Orchestron.WebRtc.Sctp;

/// <summary>Bundles chunks into one packet in a buffer it reuses; <see cref="Finish"/> stamps the checksum.</summary>
internal sealed class SctpPacketBuilder
{
    private readonly byte[] _buffer;
    private int _length;

    internal SctpPacketBuilder(int maxPacketSize)
    {
        _buffer = new byte[maxPacketSize];
    }

    internal int MaxPacketSize => _buffer.Length;

    /// <summary>Bytes of chunk space left, the 4-byte header of a further chunk included.</summary>
    internal int Remaining => _buffer.Length - _length;

    /// <summary>Whether anything but the common header has been written.</summary>
    internal bool HasChunks => _length > SctpPacket.CommonHeaderLength;

    internal void Begin(ushort sourcePort, ushort destinationPort, uint verificationTag)
    {
        SctpPacket.WriteCommonHeader(_buffer, sourcePort, destinationPort, verificationTag);
        _length = SctpPacket.CommonHeaderLength;
    }

    /// <summary>Whether a chunk with <paramref name="valueLength"/> bytes of value still fits.</summary>
    internal bool Fits(int valueLength) => SctpPacket.Pad4(SctpPacket.ChunkHeaderLength + valueLength) <= Remaining;

    /// <summary>Appends a chunk header and returns the space for its value, zero padding written.</summary>
    internal Span<byte> Append(SctpChunkType type, byte flags, int valueLength)
    {
        var total = SctpPacket.ChunkHeaderLength + valueLength;
        var padded = SctpPacket.Pad4(total);
        var chunk = _buffer.AsSpan(_length, padded);
        chunk[0] = (byte)type;
        chunk[1] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(chunk[2..], (ushort)total);
        chunk[total..].Clear();
        _length += padded;
        return chunk.Slice(SctpPacket.ChunkHeaderLength, valueLength);
    }

    /// <summary>Stamps the CRC32c and returns the packet, valid until the next <see cref="Begin"/>.</summary>
    internal ReadOnlySpan<byte> Finish()
    {
        var packet = _buffer.AsSpan(0, _length);
        SctpCrc32c.Stamp(packet);
        return packet;
    }
}
