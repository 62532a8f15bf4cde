using System.Buffers.Binary;

namespace Orchestron.WebRtc.Sctp;

/// <summary>
/// The send side of an association: messages are cut into DATA chunks held in a ring of slots (their bytes in a
/// byte ring beside it, so a small message takes only its own size), sent within the congestion and receiver
/// windows, acknowledged by SACKs, retransmitted on timeout or three miss reports, and abandoned under partial
/// reliability (RFC 3758), after which a FORWARD-TSN moves the peer past them. Chunks leave the queue in TSN order,
/// so both rings free from their head. Nothing is allocated after the first message.
/// </summary>
internal sealed partial class SctpSendQueue
{
    /// <summary>Chunks the queue holds at once; a power of two so a TSN's slot is its low bits.</summary>
    internal const int SlotCount = 1024;

    /// <summary>Bytes of message the queue holds at once.</summary>
    internal const int PayloadCapacity = 128 * 1024;

    private const int DataChunkHeader = 16;
    private const int FastRetransmitMisses = 3;

    private readonly Slot[] _slots = new Slot[SlotCount];
    private readonly Dictionary<ushort, ushort> _nextSsn = [];
    private readonly int _maxPayload;
    private readonly int _mtu;
    private byte[]? _payloads;
    private uint _head;
    private uint _nextToSend;
    private int _count;
    private int _retransmits;
    private int _payloadTail;
    private int _payloadUsed;
    private int _flightBytes;
    private int _cwnd;
    private int _ssthresh = int.MaxValue;
    private long _peerWindow;
    private int _partialBytesAcked;

    /// <param name="maxPacketSize">The largest SCTP packet: chunks are cut so that one fits with its headers.</param>
    internal SctpSendQueue(int maxPacketSize)
    {
        _mtu = maxPacketSize;
        _maxPayload = maxPacketSize - SctpPacket.CommonHeaderLength - DataChunkHeader;
        _cwnd = 10 * maxPacketSize;
    }

    /// <summary>The TSN the next chunk gets.</summary>
    internal uint NextTsn => _head + (uint)_count;

    /// <summary>The peer's last cumulative acknowledgement.</summary>
    internal uint CumulativeAck => _head - 1;

    /// <summary>Whether a chunk is sent and not yet acknowledged or abandoned: the T3-rtx timer runs.</summary>
    internal bool HasInFlight => _flightBytes > 0;

    /// <summary>Whether anything is still held, whether sent or not.</summary>
    internal bool IsEmpty => _count == 0;

    /// <summary>Whether chunks are ready to leave (new, or marked for retransmission).</summary>
    internal bool HasSendable { get; private set; }

    /// <summary>The largest message that fits the queue now.</summary>
    internal int FreeBytes => Math.Max(0, Math.Min(PayloadCapacity - _payloadUsed - _maxPayload, (SlotCount - _count) * _maxPayload));

    internal int MaxChunkPayload => _maxPayload;

    /// <summary>Chunks abandoned under partial reliability so far.</summary>
    internal long AbandonedChunks { get; private set; }

    /// <summary>Chunks sent again after a timeout or three miss reports.</summary>
    internal long RetransmittedChunks { get; private set; }

    internal string Describe() =>
        $"next to send {_nextToSend}, count {_count}, retransmits {_retransmits}, flight {_flightBytes} B, cwnd {_cwnd} B, peer window {_peerWindow} B";

    internal void Reset(uint initialTsn, uint peerWindow)
    {
        Array.Clear(_slots);
        _nextSsn.Clear();
        _head = initialTsn;
        _nextToSend = initialTsn;
        _count = 0;
        _retransmits = 0;
        _payloadTail = 0;
        _payloadUsed = 0;
        _flightBytes = 0;
        _peerWindow = peerWindow;
        HasSendable = false;
    }

    /// <summary>Queues one message, cut into chunks; false when the queue has no room for all of it.</summary>
    internal bool Enqueue(ushort stream, uint ppid, ReadOnlySpan<byte> message, SctpReliability reliability, long nowMs)
    {
        var chunks = Math.Max(1, (message.Length + _maxPayload - 1) / _maxPayload);

        // A wrap of the byte ring wastes less than one chunk, and happens at most once per message.
        if (chunks > SlotCount - _count || message.Length + _maxPayload > PayloadCapacity - _payloadUsed)
        {
            return false;
        }

        _payloads ??= new byte[PayloadCapacity];
        ushort ssn = 0;
        if (!reliability.Unordered)
        {
            ssn = _nextSsn.GetValueOrDefault(stream);
            _nextSsn[stream] = (ushort)(ssn + 1);
        }

        var first = NextTsn;
        var last = first + (uint)chunks - 1;
        var deadline = reliability.LifetimeMs < 0 ? long.MaxValue : nowMs + reliability.LifetimeMs;
        for (var i = 0; i < chunks; i++)
        {
            var tsn = first + (uint)i;
            var part = message.Slice(i * _maxPayload, Math.Min(_maxPayload, message.Length - (i * _maxPayload)));
            var flags = (i == 0 ? SctpDataFlags.Beginning : 0) | (i == chunks - 1 ? SctpDataFlags.End : 0)
                | (reliability.Unordered ? SctpDataFlags.Unordered : 0);
            // A chunk that does not fit before the ring's end starts again at its beginning; the rest is waste.
            var wraps = _payloadTail + part.Length > PayloadCapacity;
            var waste = wraps ? PayloadCapacity - _payloadTail : 0;
            var offset = wraps ? 0 : _payloadTail;
            _payloadTail = offset + part.Length;
            _payloadUsed += waste + part.Length;
            _slots[tsn & (SlotCount - 1)] = new Slot
            {
                State = SlotState.Queued,
                Tsn = tsn,
                Stream = stream,
                Ssn = ssn,
                Ppid = ppid,
                Flags = flags,
                Length = (ushort)part.Length,
                MaxRetransmits = reliability.MaxRetransmits,
                DeadlineMs = deadline,
                MessageFirst = first,
                MessageLast = last,
                PayloadOffset = offset,
                RingBytes = waste + part.Length,
            };
            part.CopyTo(_payloads.AsSpan(offset));
            _count++;
        }

        HasSendable = true;
        return true;
    }

    /// <summary>Starts numbering <paramref name="stream"/>'s messages from zero again, after a stream reset.</summary>
    internal void ResetStream(ushort stream) => _nextSsn.Remove(stream);

    /// <summary>Appends the chunks that may leave now, retransmissions first, as far as the windows and the packet allow.</summary>
    /// <returns>Whether any DATA chunk was appended.</returns>
    internal bool WriteChunks(SctpPacketBuilder builder, long nowMs)
    {
        var wrote = false;
        var window = (int)Math.Min(_cwnd, Math.Max(_peerWindow, 0));
        var blocked = false;
        for (var tsn = _head; _retransmits > 0 && tsn != _nextToSend; tsn++)
        {
            ref var slot = ref _slots[tsn & (SlotCount - 1)];
            if (slot.State != SlotState.Retransmit)
            {
                continue;
            }

            if (!TryWrite(builder, ref slot, window, nowMs))
            {
                blocked = true;
                break;
            }

            RetransmittedChunks++;
            wrote = true;
        }

        for (; !blocked && _nextToSend != NextTsn; _nextToSend++)
        {
            ref var slot = ref _slots[_nextToSend & (SlotCount - 1)];
            if (slot.State == SlotState.Queued && nowMs > slot.DeadlineMs)
            {
                Abandon(slot.MessageFirst, slot.MessageLast);
            }

            if (slot.State != SlotState.Queued)
            {
                continue;
            }

            if (!TryWrite(builder, ref slot, window, nowMs))
            {
                blocked = true;
                break;
            }

            slot.FirstSentMs = nowMs;
            wrote = true;
        }

        HasSendable = blocked;
        return wrote;
    }

    private bool TryWrite(SctpPacketBuilder builder, ref Slot slot, int window, long nowMs)
    {
        if ((_flightBytes > 0 && _flightBytes + slot.Length > window) || !builder.Fits(12 + slot.Length))
        {
            return false;
        }

        WriteData(builder, ref slot);
        SetState(ref slot, SlotState.InFlight);
        slot.TransmitCount++;
        slot.Misses = 0;
        _flightBytes += slot.Length;
        return true;
    }

    /// <summary>Changes a slot's state, keeping the count of chunks waiting for retransmission.</summary>
    private void SetState(ref Slot slot, SlotState state)
    {
        if (slot.State == SlotState.Retransmit)
        {
            _retransmits--;
        }

        if (state == SlotState.Retransmit)
        {
            _retransmits++;
        }

        slot.State = state;
    }

    private void WriteData(SctpPacketBuilder builder, ref Slot slot)
    {
        var value = builder.Append(SctpChunkType.Data, (byte)slot.Flags, 12 + slot.Length);
        BinaryPrimitives.WriteUInt32BigEndian(value, slot.Tsn);
        BinaryPrimitives.WriteUInt16BigEndian(value[4..], slot.Stream);
        BinaryPrimitives.WriteUInt16BigEndian(value[6..], slot.Ssn);
        BinaryPrimitives.WriteUInt32BigEndian(value[8..], slot.Ppid);
        Payload(slot).CopyTo(value[12..]);
    }

    private Span<byte> Payload(in Slot slot) => _payloads.AsSpan(slot.PayloadOffset, slot.Length);

    private enum SlotState : byte
    {
        Free,
        Queued,
        InFlight,
        Retransmit,
        Acked,
        Abandoned,
    }

    private struct Slot
    {
        public SlotState State;
        public SctpDataFlags Flags;
        public ushort Stream;
        public ushort Ssn;
        public ushort Length;
        public int TransmitCount;
        public int Misses;
        public int MaxRetransmits;
        public uint Tsn;
        public uint Ppid;
        public uint MessageFirst;
        public uint MessageLast;
        public int PayloadOffset;
        public int RingBytes;
        public long FirstSentMs;
        public long DeadlineMs;
    }
}
