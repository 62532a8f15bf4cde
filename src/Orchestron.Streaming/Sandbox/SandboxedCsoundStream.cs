using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestron.Csound;
using Orchestron.Streaming.Audio;
using Orchestron.Streaming.Engine;
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
public sealed class SandboxedCsoundStream : ICsoundStream
{
    private readonly CsoundSandboxOptions _options;
    private readonly StreamOutput _output;
    private readonly Func<UdpMediaTransport>? _transport;
    private readonly WebRtcAudioSenderOptions? _senderOptions;
    private readonly WorkerWatchdog _watchdog;
    private readonly TaskCompletionSource<CsoundPerformanceResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;
    private int _disposed;

    /// <summary>A stream of a compiled worker, not yet started; it owns the worker from here.</summary>
    internal SandboxedCsoundStream(
        SandboxedCsoundWorker worker,
        CsoundSandboxOptions options,
        StreamingEngine engine,
        Func<UdpMediaTransport>? transport,
        WebRtcAudioSenderOptions? senderOptions,
        ILoggerFactory loggerFactory)
    {
        Worker = worker;
        _options = options.Clone();
        _transport = transport;
        _senderOptions = senderOptions;
        var logger = loggerFactory.CreateLogger<SandboxedCsoundStream>();
        _output = new StreamOutput(engine, worker.Queue, loggerFactory, logger);
        _watchdog = new WorkerWatchdog(worker, _options, logger);
        _ = worker.PerformanceEnded.ContinueWith(
            done => _completion.TrySetResult(done.IsCompletedSuccessfully
                ? done.Result
                : new CsoundPerformanceResult(CsoundPerformanceOutcome.Failed, 0, new CsoundException("The Csound worker went away."), [])),
            TaskScheduler.Default);
    }

    /// <inheritdoc/>
    public CsoundIsolation Isolation => CsoundIsolation.Sandbox;

    /// <summary>The worker this stream plays.</summary>
    public SandboxedCsoundWorker Worker { get; }

    /// <summary>The pacer's track over the shared ring; add consumers to it to receive the paced frames.</summary>
    public QueueAudioTrack Track => _output.Track;

    /// <summary>The WebRTC sender, once started with a media transport.</summary>
    public WebRtcAudioSender? Sender => _output.Sender;

    /// <summary>Completes when the performance ends: the score finished, the worker failed or was killed (the error says why).</summary>
    public Task<CsoundPerformanceResult> Completion => _completion.Task;

    /// <summary>The pipeline's counters as the host sees them: underruns, drops, ring depth, pacing error.</summary>
    public StreamingAudioStatistics AudioStatistics => Worker.Queue.Metrics.GetSnapshot();

    /// <summary>Always null: the worker renders in its own process, its CPU bounded by the watchdog.</summary>
    public SessionCpuShare? CpuShare => null;

    /// <summary>Starts a compiled worker's performance and the pacer that reads it, on the shared engine.</summary>
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
        var stream = new SandboxedCsoundStream(
            worker, options, StreamingEngine.Shared, server is null ? null : () => server, senderOptions, loggerFactory ?? NullLoggerFactory.Instance);
        await stream.StartAsync(cancellationToken).ConfigureAwait(false);
        return stream;
    }

    /// <summary>
    /// Makes the sender (when the stream has a transport), starts the worker's performance, waits for its lead, then
    /// starts the pacer and the watchdog. A start that fails releases everything, the worker included.
    /// </summary>
    /// <param name="cancellationToken">Abandons the start.</param>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The stream has already been started; make another to play again.");
        }

        try
        {
            if (_transport is not null)
            {
                _output.AttachSender(_transport(), _senderOptions);
            }

            await Worker.StartAsync(cancellationToken).ConfigureAwait(false);
            await PrimeAsync(cancellationToken).ConfigureAwait(false);
            _output.Track.Start();
            _watchdog.Start();
        }
        catch
        {
            await DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    public bool TrySendMidi(byte status, byte data1, byte data2, TimeSpan delay = default) => Worker.TrySendMidi(status, data1, data2, delay);

    /// <inheritdoc/>
    public void SetControlChannel(string name, double value) => Worker.SetControlChannel(name, value);

    /// <inheritdoc/>
    public void Panic() => Worker.Panic();

    /// <inheritdoc/>
    public WebRtcAnswer AcceptOffer(string offerSdp) => _output.AcceptOffer(offerSdp);

    /// <inheritdoc/>
    public RtpForward AddForward(RtpForwardOptions options) => _output.AddForward(options);

    /// <inheritdoc/>
    public bool RemoveForward(RtpForward forward) => _output.RemoveForward(forward);

    /// <summary>
    /// Stops the pacer, then the worker: a stop message, and SIGKILL when it has not exited within
    /// <see cref="CsoundSandboxOptions.StopTimeout"/>. Listeners stay connected until <see cref="DisposeAsync"/>.
    /// </summary>
    /// <returns>True when the worker exited by itself in time.</returns>
    public async Task<bool> StopAsync()
    {
        // The pacer first, so that shutdown is not counted as underruns.
        await _watchdog.DisposeAsync().ConfigureAwait(false);
        _output.Track.Stop();
        return await Worker.StopAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Stops and releases everything, listeners included. The worker's stop is bounded by the sandbox's own
    /// <see cref="CsoundSandboxOptions.StopTimeout"/> (then SIGKILL), so this never waits on it longer than that.
    /// </summary>
    /// <param name="timeout">Not used: the worker is killed after the sandbox's stop timeout rather than abandoned.</param>
    /// <returns>True when the worker exited by itself in time.</returns>
    public async Task<bool> StopAsync(TimeSpan timeout)
    {
        var exitedByItself = await StopAsync().ConfigureAwait(false);
        await DisposeAsync().ConfigureAwait(false);
        return exitedByItself;
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
        _output.Dispose();
    }

    /// <summary>
    /// Waits until the worker has queued its lead before the pacer starts, so that the first frames of a process
    /// that has only just compiled its render path are not taken as underruns.
    /// </summary>
    private async Task PrimeAsync(CancellationToken cancellationToken)
    {
        var deadline = Environment.TickCount64 + (long)_options.RequestTimeout.TotalMilliseconds;
        while (Worker.Queue.QueuedFrames < Worker.Queue.RenderLeadFrames && !Worker.PerformanceEnded.IsCompleted)
        {
            if (Environment.TickCount64 > deadline)
            {
                _watchdog.Fail($"it queued no audio within {_options.RequestTimeout.TotalMilliseconds:0} ms of its start");
                return;
            }

            await Task.Delay(2, cancellationToken).ConfigureAwait(false);
        }
    }
}
