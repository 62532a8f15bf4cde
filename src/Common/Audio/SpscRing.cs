using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Orchestron.Streaming.Audio;

// No accessibility named: public in Orchestron.Streaming (Audio/SharedSourceTypes.cs), internal in the worker.
/// <summary>
/// A lock-free ring of <typeparamref name="T"/> for exactly one producer thread and one consumer thread,
/// with bulk span writes and reads.
/// </summary>
/// <remarks>
/// <para>
/// The capacity is a power of two so that positions map to slots with a mask. The read and write
/// positions are 64-bit counters that only grow, each on its own cache line (as is each side's cached
/// copy of the other's position), so the two threads never write to a shared line and the ring never
/// sees the wrap-around ambiguity of a full versus empty buffer. <see cref="Write"/> and
/// <see cref="Skip(int)"/>/<see cref="Read"/> must each be called from one thread only.
/// </para>
/// <para>
/// The slots and the two positions live either in pinned managed memory of the ring's own or in a region
/// the caller supplies (<see cref="SpscRing{T}(SharedRingStorage)"/>), such as a mapping shared with another
/// process; the algorithm is the same. Each side's cached copy of the other's position stays in this object,
/// so in a shared region each process keeps its own.
/// </para>
/// </remarks>
/// <typeparam name="T">The element type.</typeparam>
sealed unsafe partial class SpscRing<T>
    where T : unmanaged
{
    private readonly T* _slots;
    private readonly int _capacity;
    private readonly int _mask;

    // Owned by the producer: written with release semantics, read by the consumer with acquire.
    private readonly PaddedPosition* _writePosition;

    // Owned by the consumer.
    private readonly PaddedPosition* _readPosition;

    // Keeps the pinned managed storage alive; null when the storage belongs to the caller.
    private readonly object? _ownedStorage;

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

        // Pinned (never moved by the GC) so that the ring can address slots and positions by pointer.
        var slots = GC.AllocateArray<T>(capacity, pinned: true);
        var positions = GC.AllocateArray<PaddedPosition>(2, pinned: true);
        _ownedStorage = new object[] { slots, positions };
        _slots = (T*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(slots));
        var firstPosition = (PaddedPosition*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(positions));
        _writePosition = firstPosition;
        _readPosition = firstPosition + 1;
        _capacity = capacity;
        _mask = capacity - 1;
    }

    /// <summary>Creates a ring over storage the caller owns and keeps mapped for the ring's lifetime.</summary>
    /// <param name="storage">The slots and positions; the positions are used as they are (a fresh region holds zeros: an empty ring).</param>
    /// <exception cref="ArgumentException">The storage's capacity is not a power of two, or its slots are too small for <typeparamref name="T"/>.</exception>
    public SpscRing(SharedRingStorage storage)
    {
        if (storage.Capacity < 1 || !BitOperations.IsPow2(storage.Capacity))
        {
            throw new ArgumentException($"The ring capacity must be a power of two; it is {storage.Capacity}.", nameof(storage));
        }

        if (storage.Slots == null || storage.WritePosition == null || storage.ReadPosition == null)
        {
            throw new ArgumentException("The storage has a null slot or position pointer.", nameof(storage));
        }

        if (storage.SlotSize != sizeof(T))
        {
            throw new ArgumentException($"The storage's slots are {storage.SlotSize} bytes; {typeof(T).Name} takes {sizeof(T)}.", nameof(storage));
        }

        _slots = (T*)storage.Slots;
        _writePosition = (PaddedPosition*)storage.WritePosition;
        _readPosition = (PaddedPosition*)storage.ReadPosition;
        _capacity = storage.Capacity;
        _mask = storage.Capacity - 1;
    }

    /// <summary>The number of elements the ring can hold (a power of two).</summary>
    public int Capacity => _capacity;

    private Span<T> Slots => new(_slots, _capacity);

    /// <summary>The number of elements queued; exact on either side's thread, a snapshot elsewhere.</summary>
    public int Count
    {
        get
        {
            // Read the consumer's position first: the producer's can only grow meanwhile, so the
            // difference never goes negative.
            var read = Volatile.Read(ref _readPosition->Value);
            var write = Volatile.Read(ref _writePosition->Value);
            return (int)(write - read);
        }
    }

    /// <summary>The total number of elements ever written.</summary>
    public long TotalWritten => Volatile.Read(ref _writePosition->Value);

    /// <summary>The total number of elements ever read or skipped.</summary>
    public long TotalRead => Volatile.Read(ref _readPosition->Value);

    /// <summary>Producer side: copies as many of <paramref name="source"/> as fit.</summary>
    /// <param name="source">The elements to append, oldest first.</param>
    /// <returns>The number of elements written, from the start of <paramref name="source"/>.</returns>
    public int Write(ReadOnlySpan<T> source)
    {
        var write = _writePosition->Value;
        var free = _capacity - (int)(write - _producerCachedRead.Value);
        if (free < source.Length)
        {
            _producerCachedRead.Value = Volatile.Read(ref _readPosition->Value);
            free = _capacity - (int)(write - _producerCachedRead.Value);
        }

        var count = Math.Min(free, source.Length);
        if (count == 0)
        {
            return 0;
        }

        var start = (int)write & _mask;
        var firstPart = Math.Min(count, _capacity - start);
        source[..firstPart].CopyTo(Slots[start..]);
        source[firstPart..count].CopyTo(Slots);

        // Release: the copied elements become visible before the new position.
        Volatile.Write(ref _writePosition->Value, write + count);
        return count;
    }

    /// <summary>Consumer side: moves up to <paramref name="destination"/>.Length queued elements into it.</summary>
    /// <param name="destination">Receives the oldest queued elements.</param>
    /// <returns>The number of elements read.</returns>
    public int Read(Span<T> destination)
    {
        var read = _readPosition->Value;
        var available = (int)(_consumerCachedWrite.Value - read);
        if (available < destination.Length)
        {
            _consumerCachedWrite.Value = Volatile.Read(ref _writePosition->Value);
            available = (int)(_consumerCachedWrite.Value - read);
        }

        var count = Math.Min(available, destination.Length);
        if (count == 0)
        {
            return 0;
        }

        var start = (int)read & _mask;
        var firstPart = Math.Min(count, _capacity - start);
        Slots.Slice(start, firstPart).CopyTo(destination);
        Slots[..(count - firstPart)].CopyTo(destination[firstPart..]);

        // Release: the slots are free for the producer only after they have been copied out.
        Volatile.Write(ref _readPosition->Value, read + count);
        return count;
    }

    /// <summary>Consumer side: discards up to <paramref name="count"/> of the oldest queued elements.</summary>
    /// <param name="count">How many elements to discard (not negative).</param>
    /// <returns>The number of elements discarded.</returns>
    public int Skip(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var read = _readPosition->Value;
        _consumerCachedWrite.Value = Volatile.Read(ref _writePosition->Value);
        var skipped = Math.Min(count, (int)(_consumerCachedWrite.Value - read));
        Volatile.Write(ref _readPosition->Value, read + skipped);
        return skipped;
    }
}
