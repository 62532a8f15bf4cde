using Orchestron.Testing;

namespace Orchestron.Testing.Allocation;

/// <summary>
/// Sums the allocations of many <see cref="AllocationStretch"/>es, from any number of threads, and keeps
/// apart the stretches a garbage collection made unreadable.
/// </summary>
/// <remarks>
/// A steady-state allocation shows in every stretch that runs the allocating code, so leaving out the few
/// stretches a collection crossed cannot hide it; <see cref="Describe"/> and <see cref="HasEnoughReadings"/> let
/// a test require that enough stretches were read, so that a run where collections hid everything cannot pass.
/// </remarks>
public sealed class AllocationTally
{
    private const int MaxThreads = 64;

    // The stretch each thread measured last, counted once its next one shows that no collection had begun in it. A
    // fixed table rather than a ThreadLocal: stretches of several tallies overlap on one thread, so adding to one
    // must never allocate.
    private readonly int[] _slotThreads = new int[MaxThreads];
    private readonly AllocationReading?[] _pending = new AllocationReading?[MaxThreads];
    private long _bytes;
    private long _read;
    private long _unreadable;
    private long _largest;

    /// <summary>Bytes allocated in the stretches that could be read.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Stretches that could be read.</summary>
    public long Read => Interlocked.Read(ref _read);

    /// <summary>Stretches a garbage collection crossed, left out of <see cref="Bytes"/>.</summary>
    public long Unreadable => Interlocked.Read(ref _unreadable);

    /// <summary>
    /// True when at least one stretch in ten (and at least one) could be read: enough for an allocation made
    /// in steady state to show, while a run with many collections caused by other tests still counts.
    /// </summary>
    public bool HasEnoughReadings => Read > 0 && Read * 9 >= Unreadable;

    /// <summary>
    /// Adds a stretch's result as <see cref="AllocationStretch.End"/> returned it, on the thread that measured it. It
    /// counts once the thread's next stretch has ended with the collection count and pause time still where they
    /// were, since the runtime may account a pause only after the threads have resumed; a thread's last stretch is
    /// therefore never counted.
    /// </summary>
    /// <param name="reading">The stretch's reading, or null for a stretch that was not measured (unreadable).</param>
    public void Add(AllocationReading? reading)
    {
        var slot = SlotOfCurrentThread();
        var previous = _pending[slot];
        if (reading is not { Bytes: not null } current)
        {
            // Whatever made this stretch unreadable may have begun during the one before it.
            if (previous is not null)
            {
                Count(null);
            }

            Count(null);
            _pending[slot] = null;
            return;
        }

        if (previous is { } earlier)
        {
            Count(earlier.StillQuietAt(current) ? earlier.Bytes : null);
        }

        _pending[slot] = current;
    }

    /// <summary>Ends <paramref name="stretch"/> on the calling thread and adds it; a stretch never begun adds nothing.</summary>
    /// <param name="stretch">A stretch begun on this thread.</param>
    public void End(AllocationStretch stretch)
    {
        if (stretch.IsBegun)
        {
            Add(stretch.End());
        }
    }

    /// <summary>Runs <paramref name="body"/> <paramref name="iterations"/> times on the calling thread, each run a stretch of its own.</summary>
    /// <param name="iterations">How many runs.</param>
    /// <param name="body">The work, told its iteration number; must not allocate a closure per call.</param>
    /// <returns>The tally of the runs.</returns>
    public static AllocationTally Measure(int iterations, Action<int> body)
    {
        var tally = new AllocationTally();
        for (var i = 0; i < iterations; i++)
        {
            var stretch = AllocationStretch.Begin();
            body(i);
            tally.Add(stretch.End());
        }

        return tally;
    }

    private int SlotOfCurrentThread()
    {
        var thread = Environment.CurrentManagedThreadId;
        for (var slot = 0; slot < MaxThreads; slot++)
        {
            var owner = Volatile.Read(ref _slotThreads[slot]);
            if (owner == thread || (owner == 0 && Interlocked.CompareExchange(ref _slotThreads[slot], thread, 0) == 0))
            {
                return slot;
            }
        }

        throw new InvalidOperationException($"More than {MaxThreads} threads measured into one tally.");
    }

    private void Count(long? bytes)
    {
        if (bytes is not { } value)
        {
            Interlocked.Increment(ref _unreadable);
            return;
        }

        Interlocked.Increment(ref _read);
        Interlocked.Add(ref _bytes, value);
        InterlockedMaximum.Raise(ref _largest, value);
    }

    /// <summary>One line for an assertion message.</summary>
    /// <returns>What was counted.</returns>
    public string Describe() =>
        $"{Bytes} B allocated in {Read} readable stretches (largest {Interlocked.Read(ref _largest)} B); {Unreadable} stretches crossed by a garbage collection were left out";
}
