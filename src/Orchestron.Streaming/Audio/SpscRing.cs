using System.Numerics;

namespace Orchestron.Streaming.Audio;

/// <summary>
/// A lock-free ring of <typeparamref name="T"/> for exactly one producer thread and one consumer thread,
/// with bulk span writes and reads.
/// </summary>
/// <remarks>
/// The capacity is a power of two so that positions map to slots with a mask. The read and write
/// positions are 64-bit counters that only grow, each on its own cache line (as is each side's cached
/// copy of the other's position), so the two threads never write to a shared line and the ring never
/// sees the wrap-around ambiguity of a full versus empty buffer. <see cref="Write"/> and
/// <see cref="Skip(int)"/>/<see cref="Read"/> must each be called from one thread only.
/// </remarks>
/// <typeparam name="T">The element type.</typeparam>
public sealed class SpscRing<T>
    where T : struct
{
    private readonly T[] _slots;
    private readonly int _mask;

    // Owned by the producer: written with release semantics, read by the consumer with acquire.
    private PaddedPosition _writePosition;

    // Owned by the consumer.
    private PaddedPosition _readPosition;

    // Each side's last seen value of the other side's position, so a call touches the other side's cache
    // line only when its cached view says the ring is full (producer) or empty (consumer).
    private PaddedPosition _producerCachedRead;
    private PaddedPosition _consumerCachedWrite;

    /// <summary>Creates a ring holding at least <paramref name="minimumCapacity"/> elements.</summary>
    /// <param name="minimumCapacity">Rounded up to a power of two; 1 to 2^30.</param>
    /// <exception cref="ArgumentOutOfRangeException">The capacity is out of range.</exception>
    public SpscRing(int minimumCapacity)
    {
        if (minimumCapacity < 1 || minimumCapacity > 1 << 30)
        {
            throw new ArgumentOutOfRangeException(nameof(minimumCapacity), minimumCapacity, "The ring capacity must be between 1 and 2^30 elements.");
        }

        var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)minimumCapacity);
        _slots = new T[capacity];
        _mask = capacity - 1;
    }

    /// <summary>The number of elements the ring can hold (a power of two).</summary>
    public int Capacity => _slots.Length;

    /// <summary>The number of elements queued; exact on either side's thread, a snapshot elsewhere.</summary>
    public int Count
    {
        get
        {
            // Read the consumer's position first: the producer's can only grow meanwhile, so the
            // difference never goes negative.
            var read = Volatile.Read(ref _readPosition.Value);
            var write = Volatile.Read(ref _writePosition.Value);
            return (int)(write - read);
        }
    }

    /// <summary>The total number of elements ever written.</summary>
    public long TotalWritten => Volatile.Read(ref _writePosition.Value);

    /// <summary>The total number of elements ever read or skipped.</summary>
    public long TotalRead => Volatile.Read(ref _readPosition.Value);

    /// <summary>Producer side: copies as many of <paramref name="source"/> as fit.</summary>
    /// <param name="source">The elements to append, oldest first.</param>
    /// <returns>The number of elements written, from the start of <paramref name="source"/>.</returns>
    public int Write(ReadOnlySpan<T> source)
    {
        var write = _writePosition.Value;
        var free = _slots.Length - (int)(write - _producerCachedRead.Value);
        if (free < source.Length)
        {
            _producerCachedRead.Value = Volatile.Read(ref _readPosition.Value);
            free = _slots.Length - (int)(write - _producerCachedRead.Value);
        }

        var count = Math.Min(free, source.Length);
        if (count == 0)
        {
            return 0;
        }

        var start = (int)write & _mask;
        var firstPart = Math.Min(count, _slots.Length - start);
        source[..firstPart].CopyTo(_slots.AsSpan(start));
        source[firstPart..count].CopyTo(_slots);

        // Release: the copied elements become visible before the new position.
        Volatile.Write(ref _writePosition.Value, write + count);
        return count;
    }

    /// <summary>Consumer side: moves up to <paramref name="destination"/>.Length queued elements into it.</summary>
    /// <param name="destination">Receives the oldest queued elements.</param>
    /// <returns>The number of elements read.</returns>
    public int Read(Span<T> destination)
    {
        var read = _readPosition.Value;
        var available = (int)(_consumerCachedWrite.Value - read);
        if (available < destination.Length)
        {
            _consumerCachedWrite.Value = Volatile.Read(ref _writePosition.Value);
            available = (int)(_consumerCachedWrite.Value - read);
        }

        var count = Math.Min(available, destination.Length);
        if (count == 0)
        {
            return 0;
        }

        var start = (int)read & _mask;
        var firstPart = Math.Min(count, _slots.Length - start);
        _slots.AsSpan(start, firstPart).CopyTo(destination);
        _slots.AsSpan(0, count - firstPart).CopyTo(destination[firstPart..]);

        // Release: the slots are free for the producer only after they have been copied out.
        Volatile.Write(ref _readPosition.Value, read + count);
        return count;
    }

    /// <summary>Consumer side: discards up to <paramref name="count"/> of the oldest queued elements.</summary>
    /// <param name="count">How many elements to discard (not negative).</param>
    /// <returns>The number of elements discarded.</returns>
    public int Skip(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var read = _readPosition.Value;
        _consumerCachedWrite.Value = Volatile.Read(ref _writePosition.Value);
        var skipped = Math.Min(count, (int)(_consumerCachedWrite.Value - read));
        Volatile.Write(ref _readPosition.Value, read + skipped);
        return skipped;
    }
}
