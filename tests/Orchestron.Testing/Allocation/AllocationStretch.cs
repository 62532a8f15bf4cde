namespace Orchestron.Testing.Allocation;

/// <summary>
/// One stretch of work on one thread whose allocations are counted: begun and ended on the same thread.
/// </summary>
/// <remarks>
/// A garbage collection retires every thread's allocation context, after which
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/> counts the unused rest of that context (up to about 8 KB)
/// as if the thread had allocated it. A stretch that a collection crossed can therefore report bytes nobody
/// allocated, so <see cref="End"/> reports such a stretch as unreadable rather than as a number. Collections
/// happen whenever anything else in the process allocates, as other tests running alongside do.
/// <para>
/// The collection count alone does not see every such moment: a background collection retires the contexts
/// in the pause that starts it but is counted only when it ends, long after. Every retirement happens in a
/// pause, though, and the process's total pause time grows with each, so a stretch is readable only when
/// neither the count nor the pause time moved. The runtime may account a pause only after the threads have
/// resumed, so <see cref="AllocationTally"/> also waits for the thread's next stretch before it trusts one.
/// </para>
/// </remarks>
public readonly struct AllocationStretch
{
    private readonly int _collections;
    private readonly TimeSpan _paused;
    private readonly long _bytes;

    private AllocationStretch(int collections, TimeSpan paused, long bytes)
    {
        _collections = collections;
        _paused = paused;
        _bytes = bytes;
        IsBegun = true;
    }

    /// <summary>True for a stretch made by <see cref="Begin"/> (false for the default value).</summary>
    public bool IsBegun { get; }

    /// <summary>Starts counting on the calling thread.</summary>
    /// <returns>The stretch, to end on the same thread.</returns>
    public static AllocationStretch Begin()
    {
        // The collection count and pause time are read first and again last, so a pause anywhere between is seen.
        var collections = GC.CollectionCount(0);
        var paused = GC.GetTotalPauseDuration();
        return new AllocationStretch(collections, paused, GC.GetAllocatedBytesForCurrentThread());
    }

    /// <summary>Ends the stretch on the thread that began it.</summary>
    /// <returns>
    /// The bytes allocated, or null bytes when a collection paused the process meanwhile and the count cannot be
    /// trusted; with the counters as they stood at the end.
    /// </returns>
    public AllocationReading End()
    {
        var bytes = GC.GetAllocatedBytesForCurrentThread();
        var paused = GC.GetTotalPauseDuration();
        var collections = GC.CollectionCount(0);
        return new AllocationReading(paused == _paused && collections == _collections ? bytes - _bytes : null, collections, paused);
    }
}
