using System.Buffers.Binary;

namespace Orchestron.WebRtc.Sctp;

/// <summary>One chunk of a packet whose layout <see cref="SctpPacket.HasValidChunkLayout"/> accepted.</summary>
internal readonly ref struct SctpChunk
{
    internal SctpChunk(ReadOnlySpan<byte> chunk)
    {
        Raw = chunk;
    }

    /// <summary>The whole chunk, header included, without padding.</summary>
    internal ReadOnlySpan<byte> Raw { get; }

    internal SctpChunkType Type => (SctpChunkType)Raw[0];

    internal byte Flags => Raw[1];

    /// <summary>The chunk's value: everything after the 4-byte header.</summary>
    internal ReadOnlySpan<byte> Value => Raw[SctpPacket.ChunkHeaderLength..];
}

/// <summary>Walks the chunks of a packet whose layout has been checked.</summary>
internal ref struct SctpChunkEnumerator
{
    private readonly ReadOnlySpan<byte> _packet;
    private int _offset;

    internal SctpChunkEnumerator(ReadOnlySpan<byte> packet)
    {
        _packet = packet;
        _offset = SctpPacket.CommonHeaderLength;
        Current = default;
    }

    public SctpChunk Current { get; private set; }

    public readonly SctpChunkEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_offset >= _packet.Length)
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(_packet[(_offset + 2)..]);
        Current = new SctpChunk(_packet.Slice(_offset, length));
        _offset += SctpPacket.Pad4(length);
        return true;
    }
}
