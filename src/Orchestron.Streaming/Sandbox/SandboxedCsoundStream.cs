using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestron.Csound;
using Orchestron.Streaming.Audio;
using Orchestron.WebRtc;
using Orchestron.WebRtc.Forwarding;
using Orchestron.WebRtc.Transport;

namespace Orchestron.Streaming.Sandbox;

/// <summary>
/// A sandboxed worker's audio streamed live: the host's pacer (the one clock) reads the shared ring exactly as it
/// reads an in-process queue, counting underruns the same way, and each frame it takes wakes the worker to render
/// the next. A watchdog kills the worker when it stalls, uses more CPU than its audio is worth, or holds more memory
/// than <see cref="CsoundSandboxOptions.MemoryBudgetBytes"/>.
/// </summary>
public sealed class SandboxedCsoundStream : IAsyncDisposable
{
    private static readonly TimeSpan WatchInterval = TimeSpan.FromMilliseconds(100);
    private const int MemoryEveryWatches = 5;

    private readonly CsoundSandboxOptions _options;
    private readonly SenderPacerAttachment? _attachment;
    private readonly Timer _watchdog;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource<CsoundPerformanceResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastWritten;
    private long _lastProgressTicks = Environment.TickCount64;
    private long _cpuWindowStartTicks = Environment.TickCount64;
    private long _cpuWindowStartWritten;
    private TimeSpan _cpuWindowStartTime;
    private int? _workerPid;
    private int _watches;
    private int _disposed;

    private SandboxedCsoundStream(
        SandboxedCsoundWorker worker, CsoundSandboxOptions options, UdpMediaTransport? server, WebRtcAudioSenderOptions? senderOptions, ILoggerFactory loggerFactory)
    {
        Worker = worker;
        _options = options.Clone();
        _logger = loggerFactory.CreateLogger<SandboxedCsoundStream>();
        Track = new QueueAudioTrack(worker.Buffer, logger: loggerFactory.CreateLogger<QueueAudioTrack>());
        if (server is not null)
        {
            Sender = server.CreateAudioSender(SenderOptionsForFrames.Create(senderOptions, worker.Buffer.Options.FrameMs));
            _attachment = new SenderPacerAttachment(Track, Sender, _logger);
        }

        _watchdog = new Timer(_ => Watch(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _ = worker.PerformanceEnded.ContinueWith(
            done => _completion.TrySetResult(done.IsCompletedSuccessfully
                ? done.Result
                : new CsoundPerformanceResult(CsoundPerformanceOutcome.Failed, 0, new CsoundException("The Csound worker went away."), [])),
            TaskScheduler.Default);
    }

    /// <summary>The worker this stream plays.</summary>
    public SandboxedCsoundWorker Worker { get; }

    /// <summary>The pacer's track over the shared ring; add consumers to it to receive the paced frames.</summary>
    public QueueAudioTrack Track { get; }

    /// <summary>The WebRTC sender, when the stream was started with a media transport.</summary>
    public WebRtcAudioSender? Sender { get; }

    /// <summary>Completes when the performance ends: the score finished, the worker failed or was killed (the error says why).</summary>
    public Task<CsoundPerformanceResult> Completion => _completion.Task;

    /// <summary>The pipeline's counters as the host sees them: underruns, drops, ring depth, pacing error.</summary>
    public StreamingAudioStatistics AudioStatistics => Worker.Buffer.Metrics.GetSnapshot();

    /// <summary>Starts a compiled worker's performance and the pacer that reads it.</summary>
    /// <param name="worker">A launched worker with a compiled CSD; the stream owns it from here.</param>
    /// <param name="options">The watchdog's limits (stall timeout, CPU per second of audio).</param>
    /// <param name="server">The WebRTC server whose UDP port listeners use; null for a stream without a sender.</param>
    /// <param name="senderOptions">Encoder and listener settings.</param>
    /// <param name="loggerFactory">Where diagnostics go.</param>
    /// <param name="cancellationToken">Abandons the start.</param>
    public static async Task<SandboxedCsoundStream> StartAsync(
        SandboxedCsoundWorker worker,
        CsoundSandboxOptions options,
        UdpMediaTransport? server = null,
        WebRtcAudioSenderOptions? senderOptions = null,
        ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentNullException.ThrowIfNull(options);
        var stream = new SandboxedCsoundStream(worker, options, server, senderOptions, loggerFactory ?? NullLoggerFactory.Instance);
        try
        {
            await worker.StartAsync(cancellationToken).ConfigureAwait(false);
            await stream.PrimeAsync(cancellationToken).ConfigureAwait(false);
            stream.Track.Start();
            stream._cpuWindowStartTime = worker.WorkerCpuTime();
            stream._watchdog.Change(WatchInterval, WatchInterval);
            return stream;
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Waits until the worker has queued its lead before the pacer starts, so that the first frames of a process
    /// that has only just compiled its render path are not taken as underruns.
    /// </summary>
    private async Task PrimeAsync(CancellationToken cancellationToken)
    {
        var deadline = Environment.TickCount64 + (long)_options.RequestTimeout.TotalMilliseconds;
        while (Worker.Buffer.QueuedFrames < Worker.Buffer.RenderLeadFrames && !Worker.PerformanceEnded.IsCompleted)
        {
            if (Environment.TickCount64 > deadline)
            {
                Fail($"it queued no audio within {_options.RequestTimeout.TotalMilliseconds:0} ms of its start");
                return;
            }

            await Task.Delay(2, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Accepts a browser's offer; see <see cref="WebRtcAudioSender.AcceptOffer"/>.</summary>
    /// <exception cref="InvalidOperationException">The stream has no sender.</exception>
    public WebRtcAnswer AcceptOffer(string offerSdp) =>
        (Sender ?? throw new InvalidOperationException("This stream was started without a media transport.")).AcceptOffer(offerSdp);

    /// <summary>
    /// Starts forwarding the encoded stream as RTP (see <see cref="WebRtcAudioSender.AddForward"/>); the sender joins
    /// the pacer at once, so the forward carries audio whether or not anyone listens directly.
    /// </summary>
    /// <param name="options">Where to, and whether with SRTP.</param>
    /// <exception cref="InvalidOperationException">The stream was started without a WebRTC server.</exception>
    public RtpForward AddForward(RtpForwardOptions options) =>
        (_attachment ?? throw new InvalidOperationException("This stream has no WebRTC sender.")).AddForward(options);

    /// <summary>Stops a forward made by <see cref="AddForward"/>; the sender leaves the pacer if nothing else needs it.</summary>
    /// <param name="forward">The forward.</param>
    /// <returns>False when it had already been removed.</returns>
    public bool RemoveForward(RtpForward forward) => _attachment?.RemoveForward(forward) ?? false;

    /// <summary>
    /// Stops the pacer, then the worker: a stop message, and SIGKILL when it has not exited within
    /// <see cref="CsoundSandboxOptions.StopTimeout"/>. Listeners stay connected until <see cref="DisposeAsync"/>.
    /// </summary>
    /// <returns>True when the worker exited by itself in time.</returns>
    public async Task<bool> StopAsync()
    {
        // The pacer first, so that shutdown is not counted as underruns.
        await _watchdog.DisposeAsync().ConfigureAwait(false);
        Track.Stop();
        return await Worker.StopAsync().ConfigureAwait(false);
    }

    /// <summary>Stops the pacer and the worker (killing it after the stop timeout), then closes every listener.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopAsync().ConfigureAwait(false);
        await Worker.DisposeAsync().ConfigureAwait(false);
        _completion.TrySetResult(new CsoundPerformanceResult(CsoundPerformanceOutcome.Stopped, 0, null, []));
        if (Sender is not null)
        {
            _attachment!.Dispose();
            Sender.Dispose();
        }

        Track.Dispose();
    }

    private void Watch()
    {
        if (Worker.Exited.IsCompleted)
        {
            return;
        }

        var now = Environment.TickCount64;
        var written = Worker.Region.TotalWrittenSamples;
        // Against the worker's own lead: the host's side of the queue deepens while nobody listens, the worker's does not.
        if (written != _lastWritten || Worker.Buffer.QueuedFrames >= Worker.Buffer.RenderLeadFrames)
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
            var cpu = Worker.WorkerCpuTime();
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
        _workerPid ??= Worker.FindWorkerProcessId();
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

    private void Fail(string reason)
    {
        _logger.LogWarning("Csound worker killed: {Reason}", reason);
        Worker.Kill(reason);
    }
}
