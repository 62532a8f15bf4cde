using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orchestron.Streaming.Audio;

namespace Orchestron.Streaming.Engine;

/// <summary>
/// A few render workers shared by every session: each worker renders whichever session's queue has fallen
/// furthest below its lead, about one frame's worth at a time, and sleeps when every queue is full.
/// </summary>
/// <remarks>
/// Sessions join and leave by replacing an immutable array, so a worker's scan takes no lock and allocates
/// nothing. A session is only ever rendered by the worker holding its claim.
/// </remarks>
internal sealed partial class RenderPool : IDisposable
{
    /// <summary>
    /// A held session's rank is its need shifted down this far: a queue below its lead then ranks below every
    /// listened queue within its share (2^24 and up), by how far below.
    /// </summary>
    private const int HeldRankShift = 8;

    private readonly Thread[] _workers;
    private readonly WorkerParking _parking;
    private readonly Action<long>? _busy;
    private readonly ILogger _logger;
    private readonly Lock _membership = new();
    private readonly double _capacityCores;
    private RenderJob[] _jobs = [];
    private SessionCpuShareOptions _share = new();
    private volatile bool _stopping;

    /// <summary>Starts <paramref name="workers"/> worker threads.</summary>
    /// <param name="workers">How many threads render (1 to 64).</param>
    /// <param name="logger">Logs a session whose renderer failed.</param>
    /// <param name="busy">Told how many <see cref="Stopwatch"/> ticks each turn of rendering took.</param>
    /// <param name="targetLoad">The share of the workers' cores the sessions may fill together; the automatic CPU share divides it.</param>
    internal RenderPool(int workers, ILogger logger, Action<long>? busy = null, double targetLoad = 0.8)
    {
        _capacityCores = workers * targetLoad;
        _parking = new WorkerParking(workers);
        _logger = logger;
        _busy = busy;
        _workers = new Thread[workers];
        for (var i = 0; i < workers; i++)
        {
            var index = i;
            _workers[i] = new Thread(() => Work(index))
            {
                IsBackground = true,
                Name = $"Orchestron render {i}",
                Priority = ThreadPriority.AboveNormal,
            };
            _workers[i].Start();
        }
    }

    internal int WorkerCount => _workers.Length;

    /// <summary>Sessions being rendered.</summary>
    internal int Count => Volatile.Read(ref _jobs).Length;

    /// <summary>The cores the sessions may fill together: the configured figure, or the workers times the target load.</summary>
    internal double CapacityCores => Share.CapacityCores ?? _capacityCores;

    /// <summary>How much of a core each session may use, and how long it may stay held before it fails; read at every turn.</summary>
    internal SessionCpuShareOptions Share
    {
        get => Volatile.Read(ref _share);
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            value.Validate();
            Volatile.Write(ref _share, value);
        }
    }

    /// <summary>The sessions on the pool now (a snapshot).</summary>
    internal ReadOnlySpan<RenderJob> Jobs => Volatile.Read(ref _jobs);

    /// <summary>
    /// The share of a core <paramref name="job"/> may use now: the fixed share, or (automatic) whichever is more of
    /// its equal part of the pool's cores and what the other sessions were measured to leave free, so that a session
    /// is held only when the cores are oversubscribed and it takes more than its part.
    /// </summary>
    internal double ShareLimit(RenderJob job)
    {
        var share = Share;
        if (share.CoreShare is { } fixedShare)
        {
            return fixedShare;
        }

        var jobs = Volatile.Read(ref _jobs);
        var cores = share.CapacityCores ?? _workers.Length;
        var others = 0.0;
        foreach (var other in jobs)
        {
            others += other == job ? 0 : other.Meter.LastShare;
        }

        return Math.Min(1, Math.Max(share.MinAutomaticShare, Math.Max(cores / Math.Max(1, jobs.Length), cores - others)));
    }

    /// <summary>Adds a session; workers start rendering it at once.</summary>
    internal void Add(RenderJob job)
    {
        lock (_membership)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            job.AttachTo(this);
            _jobs = [.. _jobs, job];
        }

        Wake();
    }

    /// <summary>Wakes one sleeping worker, if any (nothing else when all are busy).</summary>
    internal void Wake() => _parking.WakeOne();

    /// <summary>Stops the workers, then ends every session still on the pool on the calling thread.</summary>
    public void Dispose()
    {
        RenderJob[] left;
        lock (_membership)
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
            left = _jobs;
            _jobs = [];
        }

        _parking.Close();
        foreach (var worker in _workers)
        {
            worker.Join();
        }

        foreach (var job in left)
        {
            if (!job.HasEnded)
            {
                job.MarkEnded();
                job.Abandon();
            }
        }

        _parking.Dispose();
    }

    private void Work(int index)
    {
        RealTimePriority.RaiseCurrentThread();

        _parking.WarmUp(index);

        while (!_stopping)
        {
            var job = ClaimNeediest();
            if (job is null)
            {
                _parking.Announce(index);
                if (HasWork(out var heldUntil) || _stopping)
                {
                    _parking.Withdraw(index);
                    continue;
                }

                // A session waiting for its next window wants audio then, whether or not anything wakes a worker.
                _parking.Sleep(index, heldUntil == long.MaxValue ? Timeout.Infinite : MillisecondsUntil(heldUntil));
                continue;
            }

            var started = Stopwatch.GetTimestamp();
            if (job.Meter.WindowEnded(started))
            {
                job.Meter.BeginWindow(started, ShareLimit(job));
            }

            var cpuBefore = ThreadCpuClock.NowNanoseconds();
            Render(job);
            var ended = Stopwatch.GetTimestamp();
            job.Meter.EndTurn(ThreadCpuClock.NowNanoseconds() - cpuBefore, ended);
            if (!job.HasEnded && job.Meter.HeldAtLeast(Share.OverShareTimeout, ended))
            {
                FailOverShare(job);
            }

            job.ReleaseClaim();
            _busy?.Invoke(ended - started);
        }
    }

    private static int MillisecondsUntil(long timestamp) =>
        (int)Math.Clamp(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp).TotalMilliseconds + 1, 1, 1000);

    /// <summary>
    /// How much a worker should render <paramref name="job"/> now: posted work or a stop first; then the queue
    /// furthest below its lead; then queues that only deepen while nobody listens. A session held to its CPU share
    /// comes after every session within theirs, and not at all while its window's budget is spent.
    /// </summary>
    private static int Rank(RenderJob job, long now)
    {
        if (job.RunIsRequested)
        {
            return int.MaxValue;
        }

        var meter = job.Meter;
        if (meter.IsOverBudget(now))
        {
            return 0;
        }

        var need = job.Need;
        return meter.IsHeld && need > 0 ? Math.Max(1, need >> HeldRankShift) : need;
    }

    private RenderJob? ClaimNeediest()
    {
        while (true)
        {
            RenderJob? neediest = null;
            var largest = int.MinValue;
            var now = Stopwatch.GetTimestamp();
            foreach (var job in Volatile.Read(ref _jobs))
            {
                if (job.IsClaimed || job.HasEnded)
                {
                    continue;
                }

                var need = Rank(job, now);
                if (need > 0 && need > largest)
                {
                    (neediest, largest) = (job, need);
                }
            }

            if (neediest is null || neediest.TryClaim())
            {
                return neediest;
            }
        }
    }

    /// <summary>Whether a job wants a worker now; otherwise, in <paramref name="heldUntil"/>, when the first held one wants one again (long.MaxValue: none).</summary>
    private bool HasWork(out long heldUntil)
    {
        heldUntil = long.MaxValue;
        var now = Stopwatch.GetTimestamp();
        foreach (var job in Volatile.Read(ref _jobs))
        {
            if (job.IsClaimed || job.HasEnded)
            {
                continue;
            }

            if (Rank(job, now) > 0)
            {
                return true;
            }

            if (job.Meter.IsOverBudget(now) && job.Need > 0)
            {
                heldUntil = Math.Min(heldUntil, job.Meter.WindowEnd);
            }
        }

        return false;
    }

    /// <summary>Ends a session that stayed held to its share: its performance fails with the reason, and the pool lets it go.</summary>
    private void FailOverShare(RenderJob job)
    {
        var reason = job.Meter.Fail(Share.OverShareTimeout);
        LogOverShare(reason);
        try
        {
            job.Fail(reason);
        }
        catch (Exception exception)
        {
            LogRenderFailed(exception);
        }

        job.MarkEnded();
        Remove(job);
    }

    private void Render(RenderJob job)
    {
        bool alive;
        try
        {
            alive = !job.TakeRunRequest() || job.RunPendingWork();

            // About one frame per turn, so that a worker returns soon to whichever queue is then neediest.
            var buffer = job.Queue;
            var enough = buffer.TotalWrittenSamples + buffer.FrameLength;
            while (alive && buffer.WantsMoreAudio && buffer.TotalWrittenSamples < enough && !job.RunIsRequested)
            {
                alive = job.RenderBlock();
            }
        }
        catch (Exception exception)
        {
            LogRenderFailed(exception);
            alive = false;
        }

        if (!alive)
        {
            job.MarkEnded();
            Remove(job);
        }
    }

    private void Remove(RenderJob job)
    {
        lock (_membership)
        {
            var index = Array.IndexOf(_jobs, job);
            if (index >= 0)
            {
                _jobs = [.. _jobs.AsSpan(0, index), .. _jobs.AsSpan(index + 1)];
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Reason}")]
    private partial void LogOverShare(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A session's renderer failed on the render pool; the session stops rendering.")]
    private partial void LogRenderFailed(Exception exception);
}
