using Microsoft.Extensions.Logging;
using Orchestron.Streaming.Audio;

namespace Orchestron.Streaming.Sandbox;

/// <summary>
/// Watches a running worker and kills it when it stalls, uses more CPU than its audio is worth, or holds more memory
/// than <see cref="CsoundSandboxOptions.MemoryBudgetBytes"/>.
/// </summary>
internal sealed class WorkerWatchdog : IAsyncDisposable
{
    private static readonly TimeSpan WatchInterval = TimeSpan.FromMilliseconds(100);
    private const int MemoryEveryWatches = 5;

    private readonly SandboxedCsoundWorker _worker;
    private readonly CsoundSandboxOptions _options;
    private readonly ILogger _logger;
    private readonly Timer _timer;
    private long _lastWritten;
    private long _lastProgressTicks = Environment.TickCount64;
    private long _cpuWindowStartTicks = Environment.TickCount64;
    private long _cpuWindowStartWritten;
    private TimeSpan _cpuWindowStartTime;
    private int? _workerPid;
    private int _watches;

    public WorkerWatchdog(SandboxedCsoundWorker worker, CsoundSandboxOptions options, ILogger logger)
    {
        _worker = worker;
        _options = options;
        _logger = logger;
        _timer = new Timer(_ => Watch(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Starts watching, from the worker's CPU time now.</summary>
    public void Start()
    {
        _cpuWindowStartTime = _worker.WorkerCpuTime();
        _timer.Change(WatchInterval, WatchInterval);
    }

    /// <summary>Kills the worker, saying why in the log and in its exit reason.</summary>
    public void Fail(string reason)
    {
        _logger.LogWarning("Csound worker killed: {Reason}", reason);
        _worker.Kill(reason);
    }

    /// <summary>Stops watching.</summary>
    public ValueTask DisposeAsync() => _timer.DisposeAsync();

    private void Watch()
    {
        if (_worker.Exited.IsCompleted)
        {
            return;
        }

        var now = Environment.TickCount64;
        var written = _worker.Region.TotalWrittenSamples;
        // Not stalled while it writes, or while the lead's whole frames are queued (it then waits for room, deeper
        // while nobody listens).
        if (written != _lastWritten || _worker.Queue.QueuedFrames >= _worker.Queue.RenderLeadFrames)
        {
            _lastWritten = written;
            _lastProgressTicks = now;
        }
        else if (now - _lastProgressTicks > _options.StallTimeout.TotalMilliseconds)
        {
            Fail($"it rendered nothing for {_options.StallTimeout.TotalMilliseconds:0} ms while the pacer wanted audio");
            return;
        }

        if (++_watches % MemoryEveryWatches == 0 && !WithinMemoryBudget())
        {
            return;
        }

        if (now - _cpuWindowStartTicks >= _options.CpuWindow.TotalMilliseconds)
        {
            var cpu = _worker.WorkerCpuTime();
            var audioSeconds = (written - _cpuWindowStartWritten) / (double)(StreamingAudioOptions.OutputSampleRate * StreamingAudioOptions.OutputChannels);
            var wallSeconds = (now - _cpuWindowStartTicks) / 1000.0;
            var cpuSeconds = (cpu - _cpuWindowStartTime).TotalSeconds;

            // Audio is delivered at most in real time, so the budget is measured against the wall clock as well:
            // a worker that delivers little audio gets no more CPU than its audio is worth.
            if (cpuSeconds > _options.CpuSecondsPerAudioSecond * Math.Max(audioSeconds, 0) && cpuSeconds > _options.CpuSecondsPerAudioSecond * wallSeconds * 0.5)
            {
                Fail($"it used {cpuSeconds:0.00} s of CPU for {audioSeconds:0.00} s of audio (limit {_options.CpuSecondsPerAudioSecond:0.00} s per second)");
                return;
            }

            _cpuWindowStartTicks = now;
            _cpuWindowStartWritten = written;
            _cpuWindowStartTime = cpu;
        }
    }

    /// <summary>Kills the worker when its resident memory and stored files together exceed the budget.</summary>
    private bool WithinMemoryBudget()
    {
        _workerPid ??= _worker.FindWorkerProcessId();
        if (_workerPid is not { } pid || SandboxMemory.Measure(pid) is not { } memory)
        {
            return true;
        }

        var (resident, stored) = memory;
        if (resident + stored <= _options.MemoryBudgetBytes)
        {
            return true;
        }

        const double mebibyte = 1 << 20;
        Fail($"it held {(resident + stored) / mebibyte:0.0} MiB ({resident / mebibyte:0.0} MiB resident, {stored / mebibyte:0.0} MiB in its files), "
            + $"over its memory budget of {_options.MemoryBudgetBytes / mebibyte:0.0} MiB");
        return false;
    }
}
