namespace Orchestron.WebRtc.Sctp;

/// <summary>
/// The bytes of received chunks: a ring allocated in arrival order and freed in any order, its head moving on over
/// whatever has been freed. Chunks are freed roughly in the order they came (as the cumulative TSN passes them),
/// so a chunk that waits for a retransmission holds back only the room of what arrived after it.
/// </summary>
internal sealed class SctpReceiveArena
{
    private readonly byte[] _bytes;
    private readonly Allocation[] _allocations;
    private int _tail;
    private int _used;
    private int _head;
    private int _count;

    internal SctpReceiveArena(int capacity, int maxAllocations)
    {
        _bytes = new byte[capacity];
        _allocations = new Allocation[maxAllocations];
    }

    /// <summary>Bytes not held by a live chunk (some may be lost to a wrap at the ring's end).</summary>
    internal int FreeBytes => _bytes.Length - _used;

    internal void Clear()
    {
        _tail = _used = _head = _count = 0;
    }

    /// <summary>Takes <paramref name="length"/> contiguous bytes; false when the ring has no room for them.</summary>
    /// <remarks>
    /// The live bytes (waste included) are always one circular run ending at the tail, so the free bytes are one run
    /// starting there: what fits in <see cref="FreeBytes"/> after the tail, or wrapping to the start, is free.
    /// </remarks>
    internal bool TryAllocate(int length, out int offset, out int record)
    {
        // A chunk that does not fit before the ring's end starts again at its beginning; the rest is waste.
        var wraps = _tail + length > _bytes.Length;
        var taken = (wraps ? _bytes.Length - _tail : 0) + length;
        if (_count == _allocations.Length || taken > FreeBytes)
        {
            offset = record = -1;
            return false;
        }

        offset = wraps ? 0 : _tail;
        record = (_head + _count) % _allocations.Length;
        _allocations[record] = new Allocation { Taken = taken, Freed = false };
        _count++;
        _tail = offset + length;
        _used += taken;
        return true;
    }

    internal void Release(int record)
    {
        _allocations[record].Freed = true;
        while (_count > 0 && _allocations[_head].Freed)
        {
            _used -= _allocations[_head].Taken;
            _head = (_head + 1) % _allocations.Length;
            _count--;
        }

        if (_count == 0)
        {
            _tail = 0;
            _used = 0;
        }
    }

    internal Span<byte> Span(int offset, int length) => _bytes.AsSpan(offset, length);


    private struct Allocation
    {
        public int Taken;
        public bool Freed;
    }
}
