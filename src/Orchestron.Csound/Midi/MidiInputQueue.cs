namespace Orchestron.Csound.Midi;

/// <summary>
/// MIDI input for host-implemented MIDI: any thread enqueues, Csound's performing thread drains.
/// </summary>
/// <remarks>
/// The shared part is a bounded multi-producer/single-consumer ring in which each slot carries a
/// sequence number, so producers claim slots with one compare-and-swap and the consumer never locks.
/// Messages with a delivery delay then wait in a small array that only the consumer touches, ordered
/// by due time (and by arrival for equal times), so a delayed message never holds back a later,
/// immediate one. Nothing here allocates after construction.
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
    private long _enqueuePosition;
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
        while (_waitingCount < _waiting.Length && TryDequeue(out var message))
        {
            // Insertion after every message due at the same time or earlier keeps arrival order.
            var index = _waitingCount;
            while (index > 0 && _waiting[index - 1].DueSample > message.DueSample)
            {
                _waiting[index] = _waiting[index - 1];
                index--;
            }

            _waiting[index] = message;
            _waitingCount++;
        }
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
