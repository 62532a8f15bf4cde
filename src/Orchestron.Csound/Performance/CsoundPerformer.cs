using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Orchestron.Csound;

/// <summary>
/// Runs a compiled <see cref="CsoundInstance"/> on a dedicated thread, one control period at a time,
/// until the score ends, it is stopped, or something fails.
/// </summary>
/// <remarks>
/// <para>
/// Both modes drive Csound with <c>csoundPerformKsmps</c>, as Csound's own performance thread does: in
/// <see cref="CsoundPerformanceMode.Local"/> the rtaudio module writes each block to the device and
/// blocks while the device is full, so the device is the clock; in
/// <see cref="CsoundPerformanceMode.Streaming"/> the sink's back-pressure is the clock. Driving the loop
/// from managed code is what lets <see cref="Post(Action{CsoundInstance})"/> run work between blocks.
/// </para>
/// <para>
/// While it runs, other threads may call the instance's thread-safe members directly
/// (<see cref="CsoundInstance.SetControlChannel"/>, <see cref="CsoundControlChannel.Value"/>,
/// <see cref="CsoundInstance.SendMidi"/>, <see cref="CsoundInstance.InputMessage"/>,
/// <see cref="CsoundInstance.ScoreEvent"/>, <see cref="CsoundInstance.Panic"/>); anything else
/// (compiling more code, reading <see cref="CsoundInstance.Spout"/>) goes through <see cref="Post(Action{CsoundInstance})"/>.
/// The performer does not own the instance: dispose it after <see cref="Completion"/> has completed.
/// </para>
/// </remarks>
public sealed class CsoundPerformer : IAsyncDisposable
{
    private readonly CsoundInstance _instance;
    private readonly CsoundPerformerOptions _options;
    private readonly ICsoundSpoutSink? _sink;
    private readonly ILogger _logger;
    private readonly ConcurrentQueue<Action<CsoundInstance>> _posted = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<CsoundPerformanceResult> _completion =
        new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;
    private int _disposed;

    /// <summary>Prepares a performer; <see cref="Start"/> begins the performance.</summary>
    /// <param name="instance">A compiled instance; the performer starts it if it is not started yet.</param>
    /// <param name="options">Mode and thread settings.</param>
    /// <param name="sink">Receives every block: required in streaming mode, optional in local mode (e.g. for a level meter).</param>
    /// <param name="logger">Logs the performance's start, end and failures.</param>
    public CsoundPerformer(CsoundInstance instance, CsoundPerformerOptions options, ICsoundSpoutSink? sink = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var headless = instance.Arguments.Count > 0 && instance.Arguments[0] == "-n";
        if (options.Mode == CsoundPerformanceMode.Streaming && sink is null)
        {
            throw new ArgumentNullException(nameof(sink), "Streaming mode hands every block to a sink; pass one.");
        }

        if (options.Mode == CsoundPerformanceMode.Local && headless)
        {
            throw new ArgumentException(
                $"Local mode plays to the audio device: create the instance with {nameof(CsoundInstanceOptions)}.{nameof(CsoundInstanceOptions.AudioOutput)} = \"dac\" and a {nameof(CsoundInstanceOptions.RealtimeAudioModule)}.",
                nameof(instance));
        }

        _instance = instance;
        _options = new CsoundPerformerOptions
        {
            Mode = options.Mode,
            ThreadName = options.ThreadName,
            ThreadPriority = options.ThreadPriority,
            CleanupWhenDone = options.CleanupWhenDone,
        };
        _sink = sink;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The mode this performer runs in.</summary>
    public CsoundPerformanceMode Mode => _options.Mode;

    /// <summary>Completes, never faulted, when the performance has ended and the performer thread is done with the instance.</summary>
    public Task<CsoundPerformanceResult> Completion => _completion.Task;

    /// <summary>Starts the performer thread.</summary>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The performer is already started.");
        }

        var thread = new Thread(Run)
        {
            Name = _options.ThreadName,
            IsBackground = true,
            Priority = _options.ThreadPriority,
        };
        thread.Start();
    }

    /// <summary>
    /// Queues <paramref name="action"/> to run on the performer thread before the next control period.
    /// Safe from any thread; the queue is lock-free. An exception from the action is logged and the
    /// performance goes on.
    /// </summary>
    /// <param name="action">Work on the instance, e.g. <c>i =&gt; i.CompileOrchestra(code)</c>.</param>
    /// <exception cref="InvalidOperationException">The performance has already ended.</exception>
    public void Post(Action<CsoundInstance> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (_completion.Task.IsCompleted)
        {
            throw new InvalidOperationException("The performance has ended; posted work would never run.");
        }

        _posted.Enqueue(action);
    }

    /// <summary>Asks the performance to stop after the current block and waits until it has.</summary>
    public Task<CsoundPerformanceResult> StopAsync()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return _completion.Task;
        }

        _stop.Cancel();
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _completion.TrySetResult(new CsoundPerformanceResult(CsoundPerformanceOutcome.Stopped, 0, null, []));
        }

        return _completion.Task;
    }

    /// <summary>Stops the performance and waits for the performer thread to finish. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stop.Dispose();
        }
    }

    private void Run()
    {
        CsoundPerformanceResult result;
        var frames = 0L;
        var handle = _instance.Handle;
        var leased = false;
        try
        {
            // Holding a reference keeps the engine alive until this thread lets go, even if the
            // instance is disposed from another thread in the middle of a block.
            handle.DangerousAddRef(ref leased);
            result = Perform(ref frames);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            result = new CsoundPerformanceResult(CsoundPerformanceOutcome.Stopped, frames, null, []);
        }
        catch (Exception exception)
        {
            result = Failed(frames, exception);
        }

        if (_options.CleanupWhenDone)
        {
            CleanupQuietly();
        }

        if (leased)
        {
            handle.DangerousRelease();
        }

        _posted.Clear();
        LogResult(result);
        _completion.TrySetResult(result);
    }

    private CsoundPerformanceResult Perform(ref long frames)
    {
        if (!_instance.IsStarted)
        {
            _instance.Start();
        }

        var format = _instance.Format;
        _logger.LogInformation(
            "Csound performing in {Mode} mode: sr {SampleRate}, ksmps {Ksmps}, nchnls {Channels}",
            _options.Mode, format.SampleRate, format.Ksmps, format.Channels);
        _sink?.OnStarted(format);
        var token = _stop.Token;
        while (true)
        {
            RunPosted();
            if (token.IsCancellationRequested)
            {
                return new CsoundPerformanceResult(CsoundPerformanceOutcome.Stopped, frames, null, []);
            }

            var code = _instance.PerformKsmpsCode();
            if (code != 0)
            {
                return Ended(code, frames);
            }

            frames += format.Ksmps;
            _sink?.OnSpout(_instance.Spout, token);
        }
    }

    private CsoundPerformanceResult Ended(int code, long frames)
    {
        // Csound leaves csoundPerformKsmps through its exit jump with CSOUND_EXITJMP_SUCCESS plus the
        // exit status: anything but a zero status there is a fatal error.
        if (code >= Interop.Csound.ExitJumpSuccess && code != Interop.Csound.ExitJumpSuccess)
        {
            var messages = _instance.Messages.RecentErrors();
            return new CsoundPerformanceResult(
                CsoundPerformanceOutcome.Failed,
                frames,
                new CsoundException($"Csound stopped the performance with a fatal error (status {code - Interop.Csound.ExitJumpSuccess}).", messages),
                messages);
        }

        var outcome = _stop.IsCancellationRequested ? CsoundPerformanceOutcome.Stopped : CsoundPerformanceOutcome.ScoreEnded;
        return new CsoundPerformanceResult(outcome, frames, null, []);
    }

    private CsoundPerformanceResult Failed(long frames, Exception exception)
    {
        var messages = exception is CsoundException csoundException ? csoundException.CsoundMessages : [];
        return new CsoundPerformanceResult(CsoundPerformanceOutcome.Failed, frames, exception, messages);
    }

    private void RunPosted()
    {
        while (_posted.TryDequeue(out var action))
        {
            try
            {
                action(_instance);
            }
            catch (Exception exception)
            {
                _logger.LogError(exception, "Work posted to the Csound performer failed; the performance goes on.");
            }
        }
    }

    private void CleanupQuietly()
    {
        try
        {
            _instance.Cleanup();
        }
        catch (ObjectDisposedException)
        {
            // Disposed from another thread: destroying the engine cleans it up.
        }
        catch (Exception exception)
        {
            _logger.LogError(exception, "Cleaning up the Csound instance after the performance failed.");
        }
    }

    private void LogResult(CsoundPerformanceResult result)
    {
        if (result.Outcome == CsoundPerformanceOutcome.Failed)
        {
            _logger.LogError(result.Error, "Csound performance failed after {Frames} frames", result.FramesPerformed);
        }
        else
        {
            _logger.LogInformation("Csound performance ended ({Outcome}) after {Frames} frames", result.Outcome, result.FramesPerformed);
        }
    }
}
