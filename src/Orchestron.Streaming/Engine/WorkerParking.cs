namespace Orchestron.Streaming.Engine;

/// <summary>
/// Where idle render workers sleep: one event per worker (no spinning before it blocks) and a mask of who
/// sleeps, so waking a worker is one signal to one thread and costs nothing when nobody sleeps.
/// </summary>
/// <remarks>
/// A worker announces itself in the mask, looks for work once more, and only then blocks; whoever publishes
/// work reads the mask after publishing it. Both steps are full fences, so either the worker sees the work or
/// the publisher sees the sleeper: a wake-up cannot be lost.
/// </remarks>
internal sealed class WorkerParking : IDisposable
{
    private readonly ManualResetEventSlim[] _events;
    private long _sleeping;
    private bool _closed;

    internal WorkerParking(int workers)
    {
        if (workers is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(workers), workers, "Between 1 and 64 render workers.");
        }

        _events = new ManualResetEventSlim[workers];
        for (var i = 0; i < workers; i++)
        {
            _events[i] = new ManualResetEventSlim(false, spinCount: 0);
        }
    }

    /// <summary>
    /// Worker side, once as the worker starts: a first blocking wait allocates (the event's lock object, which
    /// <see cref="ManualResetEventSlim"/> creates at its first wait that blocks, and the thread's waiter), so one short
    /// wait now keeps the worker's first real sleep, perhaps long after the pool started, from allocating.
    /// </summary>
    internal void WarmUp(int worker) => _events[worker].Wait(1);

    /// <summary>Worker side: announces that <paramref name="worker"/> is about to sleep; look for work once more after this.</summary>
    internal void Announce(int worker)
    {
        _events[worker].Reset();
        Interlocked.Or(ref _sleeping, 1L << worker);
    }

    /// <summary>Worker side: found work after announcing; stays awake.</summary>
    internal void Withdraw(int worker) => Interlocked.And(ref _sleeping, ~(1L << worker));

    /// <summary>Worker side: sleeps until woken (or closed), or <paramref name="timeoutMilliseconds"/> have passed (-1: no limit).</summary>
    internal void Sleep(int worker, int timeoutMilliseconds = Timeout.Infinite)
    {
        if (!Volatile.Read(ref _closed))
        {
            _events[worker].Wait(timeoutMilliseconds);
        }

        Withdraw(worker);
    }

    /// <summary>Wakes one sleeping worker, if any; a single read when none sleeps.</summary>
    internal void WakeOne()
    {
        Interlocked.MemoryBarrier();
        while (true)
        {
            var sleeping = Volatile.Read(ref _sleeping);
            if (sleeping == 0)
            {
                return;
            }

            var lowest = sleeping & -sleeping;
            if (Interlocked.CompareExchange(ref _sleeping, sleeping & ~lowest, sleeping) == sleeping)
            {
                _events[System.Numerics.BitOperations.TrailingZeroCount(lowest)].Set();
                return;
            }
        }
    }

    /// <summary>Wakes every worker for good (shutting down).</summary>
    internal void Close()
    {
        Volatile.Write(ref _closed, true);
        foreach (var e in _events)
        {
            e.Set();
        }
    }

    public void Dispose()
    {
        foreach (var e in _events)
        {
            e.Dispose();
        }
    }
}
