namespace Orchestron.Csound.Midi;

/// <summary>
/// MIDI input for host-implemented MIDI: any thread enqueues, Csound's performing thread drains.
/// </summary>
/// <remarks>
/// The shared part is a bounded multi-producer/single-consumer ring in which each slot carries a
/// sequence number, so producers claim slots with one compare-and-swap and the consumer never locks.
/// Messages with a delivery delay then wait in a small array that only the consumer touches, ordered
/// by due time (and by arrival for equal times), so a delayed message never holds back a later,
/// immediate one. A discard (a panic) may be asked for from any thread: it records how far producers had
/// got, and the consumer drops everything queued before that point at its next drain, delayed messages
/// included, so notes sent before a panic cannot sound after it. Nothing here allocates after construction.
/// </remarks>
internal sealed class MidiInputQueue
{
    private struct Slot
    {
        public long Sequence;
        public MidiMessage Message;
    }

    private readonly Slot[] _ring;
    private readonly long _mask;
    private readonly MidiMessage[] _waiting;
    private readonly long[] _waitingPositions;
    private long _enqueuePosition;
    private long _discardBefore;
    private long _discardHandled;
    private long _dequeuePosition;
    private int _waitingCount;

    /// <param name="capacity">Messages the ring holds; rounded up to a power of two.</param>
    internal MidiInputQueue(int capacity)
    {
        var size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(capacity, 2));
        _ring = new Slot[size];
        for (var index = 0; index < size; index++)
        {
            _ring[index].Sequence = index;
        }

        _mask = size - 1;
        _waiting = new MidiMessage[size];
        _waitingPositions = new long[size];
    }

    /// <summary>
    /// Asks the consumer to drop every message queued so far, waiting ones included, at its next drain; those
    /// queued later are kept. Safe from any thread.
    /// </summary>
    internal void DiscardQueued()
    {
        var position = Volatile.Read(ref _enqueuePosition);
        var seen = Volatile.Read(ref _discardBefore);
        while (seen < position)
        {
            var previous = Interlocked.CompareExchange(ref _discardBefore, position, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }

    /// <summary>Queues a message; false when the ring is full. Safe from any number of threads.</summary>
    internal bool TryEnqueue(MidiMessage message)
    {
        var position = Volatile.Read(ref _enqueuePosition);
        while (true)
        {
            ref var slot = ref _ring[position & _mask];
            var difference = Volatile.Read(ref slot.Sequence) - position;
            if (difference == 0)
            {
                if (Interlocked.CompareExchange(ref _enqueuePosition, position + 1, position) == position)
                {
                    slot.Message = message;
                    Volatile.Write(ref slot.Sequence, position + 1);
                    return true;
                }

                position = Volatile.Read(ref _enqueuePosition);
            }
            else if (difference < 0)
            {
                return false;
            }
            else
            {
                position = Volatile.Read(ref _enqueuePosition);
            }
        }
    }

    /// <summary>
    /// Writes every message due at <paramref name="nowSamples"/> that fits into <paramref name="destination"/>
    /// and returns the number of bytes written. Only Csound's performing thread calls this.
    /// </summary>
    internal int Drain(Span<byte> destination, long nowSamples)
    {
        DropDiscarded();
        MoveArrivalsToWaiting();

        var written = 0;
        var delivered = 0;
        while (delivered < _waitingCount)
        {
            var message = _waiting[delivered];
            if (message.DueSample > nowSamples || written + message.Length > destination.Length)
            {
                break;
            }

            destination[written] = message.Status;
            destination[written + 1] = message.Data1;
            if (message.Length == 3)
            {
                destination[written + 2] = message.Data2;
            }

            written += message.Length;
            delivered++;
        }

        if (delivered > 0)
        {
            Array.Copy(_waiting, delivered, _waiting, 0, _waitingCount - delivered);
            Array.Copy(_waitingPositions, delivered, _waitingPositions, 0, _waitingCount - delivered);
            _waitingCount -= delivered;
        }

        return written;
    }

    /// <summary>Forgets every queued message. Only while nothing is draining (e.g. during a reset).</summary>
    internal void Clear()
    {
        while (TryDequeue(out _))
        {
        }

        _waitingCount = 0;
    }

    private void MoveArrivalsToWaiting()
    {
        while (_waitingCount < _waiting.Length)
        {
            var position = _dequeuePosition;
            if (!TryDequeue(out var message))
            {
                break;
            }

            // Insertion after every message due at the same time or earlier keeps arrival order.
            var index = _waitingCount;
            while (index > 0 && _waiting[index - 1].DueSample > message.DueSample)
            {
                _waiting[index] = _waiting[index - 1];
                _waitingPositions[index] = _waitingPositions[index - 1];
                index--;
            }

            _waiting[index] = message;
            _waitingPositions[index] = position;
            _waitingCount++;
        }
    }

    /// <summary>Drops what a discard asked for: waiting messages and arrivals queued before its point.</summary>
    private void DropDiscarded()
    {
        var discardBefore = Volatile.Read(ref _discardBefore);
        if (discardBefore == _discardHandled && _dequeuePosition >= discardBefore)
        {
            return;
        }

        // Waiting messages all arrived before the last handled discard's point was passed, so only a new one can drop them.
        if (discardBefore != _discardHandled)
        {
            DropWaitingBefore(discardBefore);
            _discardHandled = discardBefore;
        }

        // A producer that claimed a slot but has not yet filled it stops this; the next drain drops the rest.
        while (_dequeuePosition < discardBefore && TryDequeue(out _))
        {
        }
    }

    private void DropWaitingBefore(long discardBefore)
    {
        var kept = 0;
        for (var index = 0; index < _waitingCount; index++)
        {
            if (_waitingPositions[index] >= discardBefore)
            {
                _waiting[kept] = _waiting[index];
                _waitingPositions[kept] = _waitingPositions[index];
                kept++;
            }
        }

        _waitingCount = kept;
    }

    private bool TryDequeue(out MidiMessage message)
    {
        var position = _dequeuePosition;
        ref var slot = ref _ring[position & _mask];
        if (Volatile.Read(ref slot.Sequence) - (position + 1) == 0)
        {
            message = slot.Message;
            Volatile.Write(ref slot.Sequence, position + _ring.Length);
            _dequeuePosition = position + 1;
            return true;
        }

        message = default;
        return false;
    }
}
