using System.Buffers.Binary;

namespace Orchestron.WebRtc.Sctp;

/// <summary>
/// The receive side of an association: DATA chunks are kept in a fixed window of slots indexed by TSN (their bytes
/// in an arena beside it, so a small chunk takes only its own size), the cumulative TSN advances over what arrived
/// in sequence, whole messages are handed to the sink, and SACKs report the rest as gap blocks. Nothing is
/// allocated after construction.
/// </summary>
/// <remarks>
/// Ordered messages are delivered in TSN order once every TSN up to their last fragment has arrived. The sender
/// numbers a stream's messages in the order it sends them, so this keeps each stream's order (RFC 4960 section
/// 6.6) at the price of waiting across streams too; unordered messages are delivered as soon as their fragments are
/// all there. FORWARD-TSN (RFC 3758) moves the cumulative TSN past abandoned messages and drops their fragments.
/// </remarks>
internal sealed class SctpReceiveQueue
{
    /// <summary>Slots in the window; a power of two, so a TSN's slot is its low bits.</summary>
    internal const int SlotCount = 1024;

    /// <summary>The largest DATA payload accepted in one chunk (peers fragment at 1200 bytes or less).</summary>
    internal const int SlotSize = 1280;

    /// <summary>Bytes of chunk payload held at once.</summary>
    internal const int ArenaCapacity = 128 * 1024;

    // The window advertised per free slot: a peer sending tiny messages must not run past the slots while the
    // arena still has room.
    private const int AdvertisedBytesPerSlot = 128;

    private const int MaxGapBlocks = 16;
    private const int MaxDuplicates = 8;

    private readonly Slot[] _slots = new Slot[SlotCount];
    private readonly SctpReceiveArena _arena = new(ArenaCapacity, SlotCount);
    private readonly byte[] _reassembly;
    private readonly uint[] _duplicates = new uint[MaxDuplicates];
    private readonly ISctpMessageSink _sink;
    private uint _base;
    private uint _highest;
    private int _occupied;
    private int _duplicateCount;

    internal SctpReceiveQueue(ISctpMessageSink sink, int maxMessageSize)
    {
        _sink = sink;
        _reassembly = new byte[maxMessageSize];
    }

    /// <summary>The highest TSN up to which everything has arrived (or been forwarded past).</summary>
    internal uint CumulativeTsn { get; private set; }

    /// <summary>Bytes we can still take, as advertised in SACKs.</summary>
    internal uint AdvertisedWindow =>
        (uint)Math.Max(0, Math.Min(_arena.FreeBytes - SlotSize, (SlotCount - _occupied) * AdvertisedBytesPerSlot));

    /// <summary>Why the last <see cref="SctpReceiveResult.Violation"/> happened.</summary>
    internal string? ViolationReason { get; private set; }

    internal void Reset(uint peerInitialTsn)
    {
        Array.Clear(_slots);
        _arena.Clear();
        _occupied = 0;
        _duplicateCount = 0;
        CumulativeTsn = peerInitialTsn - 1;
        _highest = CumulativeTsn;
        _base = peerInitialTsn;
    }

    internal SctpReceiveResult Receive(uint tsn, SctpDataFlags flags, ushort stream, uint ppid, ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty || data.Length > SlotSize)
        {
            ViolationReason = data.IsEmpty
                ? $"DATA chunk TSN {tsn} carries no user data"
                : $"DATA chunk TSN {tsn} carries {data.Length} bytes, more than the {SlotSize} this end takes in one chunk";
            return SctpReceiveResult.Violation;
        }

        if (!SctpSerial.IsNewer(tsn, CumulativeTsn) || IsPresent(tsn))
        {
            if (_duplicateCount < MaxDuplicates)
            {
                _duplicates[_duplicateCount++] = tsn;
            }

            return SctpReceiveResult.Duplicate;
        }

        if (tsn - _base >= SlotCount || !_arena.TryAllocate(data.Length, out var offset, out var record))
        {
            return SctpReceiveResult.OutOfWindow;
        }

        ref var slot = ref _slots[tsn & (SlotCount - 1)];
        slot = new Slot
        {
            Present = true, Tsn = tsn, Flags = flags, Stream = stream, Ppid = ppid, Length = (ushort)data.Length,
            Offset = offset, Record = record,
        };
        data.CopyTo(Payload(tsn));
        _occupied++;
        if (SctpSerial.IsNewer(tsn, _highest))
        {
            _highest = tsn;
        }

        while (IsPresent(CumulativeTsn + 1))
        {
            CumulativeTsn++;
        }

        if ((flags & SctpDataFlags.Unordered) != 0 && !TryDeliverUnordered(tsn))
        {
            return SctpReceiveResult.Violation;
        }

        return DeliverInSequence() ? SctpReceiveResult.Accepted : SctpReceiveResult.Violation;
    }

    /// <summary>Applies a FORWARD-TSN: everything up to <paramref name="newCumulativeTsn"/> is given up by the sender.</summary>
    internal bool Forward(uint newCumulativeTsn)
    {
        if (!SctpSerial.IsNewer(newCumulativeTsn, CumulativeTsn))
        {
            return true;
        }

        while (SctpSerial.IsNewerOrEqual(newCumulativeTsn, _base))
        {
            if (newCumulativeTsn - _base >= SlotCount)
            {
                Array.Clear(_slots);
                _arena.Clear();
                _occupied = 0;
                _base = newCumulativeTsn + 1;
                break;
            }

            Release(_base);
            _base++;
        }

        CumulativeTsn = newCumulativeTsn;
        if (SctpSerial.IsNewer(CumulativeTsn, _highest))
        {
            _highest = CumulativeTsn;
        }

        while (IsPresent(CumulativeTsn + 1))
        {
            CumulativeTsn++;
        }

        return DeliverInSequence();
    }

    /// <summary>The length of a SACK's value for the current state.</summary>
    internal int SackValueLength => 12 + (4 * CountGapBlocks(default)) + (4 * _duplicateCount);

    /// <summary>Writes a SACK's value (RFC 4960 section 3.3.4) and forgets the reported duplicates.</summary>
    internal void WriteSack(Span<byte> value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(value, CumulativeTsn);
        BinaryPrimitives.WriteUInt32BigEndian(value[4..], AdvertisedWindow);
        var gaps = CountGapBlocks(value[12..]);
        BinaryPrimitives.WriteUInt16BigEndian(value[8..], (ushort)gaps);
        BinaryPrimitives.WriteUInt16BigEndian(value[10..], (ushort)_duplicateCount);
        var offset = 12 + (4 * gaps);
        for (var i = 0; i < _duplicateCount; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(value[(offset + (4 * i))..], _duplicates[i]);
        }

        _duplicateCount = 0;
    }

    // Counts the gap blocks, and writes them when the destination is not empty.
    private int CountGapBlocks(Span<byte> destination)
    {
        var count = 0;
        var inBlock = false;
        ushort start = 0;
        // Only TSNs up to the highest received can be present: in sequence, that is none at all.
        var limit = SctpSerial.IsNewer(_highest, CumulativeTsn) ? _highest - CumulativeTsn + 1 : 1u;
        for (uint offset = 1; offset < limit && count < MaxGapBlocks; offset++)
        {
            var present = IsPresent(CumulativeTsn + offset);
            if (present && !inBlock)
            {
                inBlock = true;
                start = (ushort)offset;
            }
            else if (!present && inBlock)
            {
                inBlock = false;
                WriteGap(destination, count++, start, (ushort)(offset - 1));
            }
        }

        if (inBlock && count < MaxGapBlocks)
        {
            WriteGap(destination, count++, start, (ushort)(limit - 1));
        }

        return count;
    }

    private static void WriteGap(Span<byte> destination, int index, ushort start, ushort end)
    {
        if (destination.IsEmpty)
        {
            return;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination[(4 * index)..], start);
        BinaryPrimitives.WriteUInt16BigEndian(destination[((4 * index) + 2)..], end);
    }

    private bool TryDeliverUnordered(uint tsn)
    {
        var first = tsn;
        while ((_slots[first & (SlotCount - 1)].Flags & SctpDataFlags.Beginning) == 0)
        {
            if (first == _base || !IsPendingFragment(first - 1, tsn))
            {
                return true;
            }

            first--;
        }

        var last = tsn;
        while ((_slots[last & (SlotCount - 1)].Flags & SctpDataFlags.End) == 0)
        {
            if (last + 1 - _base >= SlotCount || !IsPendingFragment(last + 1, tsn))
            {
                return true;
            }

            last++;
        }

        return Deliver(first, last);
    }

    private bool IsPendingFragment(uint candidate, uint of)
    {
        if (!IsPresent(candidate))
        {
            return false;
        }

        var slot = _slots[candidate & (SlotCount - 1)];
        var reference = _slots[of & (SlotCount - 1)];
        return !slot.Consumed && slot.Stream == reference.Stream && (slot.Flags & SctpDataFlags.Unordered) != 0;
    }

    private bool DeliverInSequence()
    {
        while (SctpSerial.IsNewerOrEqual(CumulativeTsn, _base))
        {
            var slot = _slots[_base & (SlotCount - 1)];
            if (slot.Consumed || (slot.Flags & SctpDataFlags.Beginning) == 0)
            {
                // Delivered early (unordered), or the tail of a message whose head was forwarded past.
                Release(_base);
                _base++;
                continue;
            }

            var last = _base;
            while ((_slots[last & (SlotCount - 1)].Flags & SctpDataFlags.End) == 0)
            {
                last++;
                if (!SctpSerial.IsNewerOrEqual(CumulativeTsn, last))
                {
                    if (CumulativeTsn - _base + 1 >= SlotCount)
                    {
                        ViolationReason = $"a message on stream {slot.Stream} does not fit the {SlotCount}-chunk receive window";
                        return false;
                    }

                    return true;
                }
            }

            if (!Deliver(_base, last))
            {
                return false;
            }

            while (_base != last + 1)
            {
                Release(_base);
                _base++;
            }
        }

        return true;
    }

    private bool Deliver(uint first, uint last)
    {
        var head = _slots[first & (SlotCount - 1)];
        if (first == last)
        {
            _slots[first & (SlotCount - 1)].Consumed = true;
            _sink.OnMessage(head.Stream, head.Ppid, Payload(first)[..head.Length]);
            return true;
        }

        var length = 0;
        for (var tsn = first; tsn != last + 1; tsn++)
        {
            ref var slot = ref _slots[tsn & (SlotCount - 1)];
            if (length + slot.Length > _reassembly.Length)
            {
                ViolationReason = $"a message on stream {head.Stream} is longer than the {_reassembly.Length}-byte maximum message size";
                return false;
            }

            Payload(tsn)[..slot.Length].CopyTo(_reassembly.AsSpan(length));
            length += slot.Length;
            slot.Consumed = true;
        }

        _sink.OnMessage(head.Stream, head.Ppid, _reassembly.AsSpan(0, length));
        return true;
    }

    private bool IsPresent(uint tsn)
    {
        ref var slot = ref _slots[tsn & (SlotCount - 1)];
        return slot.Present && slot.Tsn == tsn;
    }

    private void Release(uint tsn)
    {
        ref var slot = ref _slots[tsn & (SlotCount - 1)];
        if (slot.Present && slot.Tsn == tsn)
        {
            _arena.Release(slot.Record);
            slot = default;
            _occupied--;
        }
    }

    private Span<byte> Payload(uint tsn)
    {
        ref var slot = ref _slots[tsn & (SlotCount - 1)];
        return _arena.Span(slot.Offset, slot.Length);
    }

    private struct Slot
    {
        public bool Present;
        public bool Consumed;
        public uint Tsn;
        public SctpDataFlags Flags;
        public ushort Stream;
        public uint Ppid;
        public ushort Length;
        public int Offset;
        public int Record;
    }
}
