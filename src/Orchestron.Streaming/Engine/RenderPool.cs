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
    private readonly Thread[] _workers;
    private readonly WorkerParking _parking;
    private readonly Action<long>? _busy;
    private readonly ILogger _logger;
    private readonly Lock _membership = new();
    private RenderJob[] _jobs = [];
    private volatile bool _stopping;

    /// <summary>Starts <paramref name="workers"/> worker threads.</summary>
    /// <param name="workers">How many threads render (1 to 64).</param>
    /// <param name="logger">Logs a session whose renderer failed.</param>
    /// <param name="busy">Told how many <see cref="Stopwatch"/> ticks each turn of rendering took.</param>
    internal RenderPool(int workers, ILogger logger, Action<long>? busy = null)
    {
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

        // A thread's first blocking wait allocates its waiter; wait once now so that steady state allocates nothing.
        var warmUp = new object();
        lock (warmUp)
        {
            Monitor.Wait(warmUp, 1);
        }

        while (!_stopping)
        {
            var job = ClaimNeediest();
            if (job is null)
            {
                _parking.Announce(index);
                if (HasWork() || _stopping)
                {
                    _parking.Withdraw(index);
                    continue;
                }

                _parking.Sleep(index);
                continue;
            }

            var started = Stopwatch.GetTimestamp();
            Render(job);
            job.ReleaseClaim();
            _busy?.Invoke(Stopwatch.GetTimestamp() - started);
        }
    }

    private RenderJob? ClaimNeediest()
    {
        while (true)
        {
            RenderJob? neediest = null;
            var largest = int.MinValue;
            foreach (var job in Volatile.Read(ref _jobs))
            {
                if (job.IsClaimed || job.HasEnded)
                {
                    continue;
                }

                // Posted work or a stop goes first; then the queue furthest below its lead; then queues that only
                // deepen while nobody listens.
                var need = job.RunIsRequested ? int.MaxValue : job.Need;
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

    private bool HasWork()
    {
        foreach (var job in Volatile.Read(ref _jobs))
        {
            if (!job.IsClaimed && !job.HasEnded && (job.RunIsRequested || job.Need > 0))
            {
                return true;
            }
        }

        return false;
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

    [LoggerMessage(Level = LogLevel.Error, Message = "A session's renderer failed on the render pool; the session stops rendering.")]
    private partial void LogRenderFailed(Exception exception);
}
