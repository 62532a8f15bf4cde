using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Orchestron.Csound;

/// <summary>
/// Runs a compiled <see cref="CsoundInstance"/> one control period at a time, on a dedicated thread or on the
/// threads of a driver (a render pool), until the score ends, it is stopped, or something fails.
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
    private ICsoundPerformanceDriver? _driver;
    private CsoundAudioFormat _format;
    private long _framesPerformed;
    private int _started;
    private int _disposed;
    private int _stepping;
    private bool _begun;
    private bool _ended;
    private bool _leased;

    /// <summary>Prepares a performer that logs nothing; <see cref="Start()"/> begins the performance.</summary>
    /// <param name="instance">A compiled instance; the performer starts it if it is not started yet.</param>
    /// <param name="options">Mode and thread settings.</param>
    /// <param name="sink">Receives every block: required in streaming mode, optional in local mode (e.g. for a level meter).</param>
    public CsoundPerformer(CsoundInstance instance, CsoundPerformerOptions options, ICsoundSpoutSink sink)
        : this(instance, options, sink, logger: null)
    {
    }

    /// <summary>Prepares a performer; <see cref="Start()"/> begins the performance.</summary>
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
    /// Starts the performance without a thread of its own: <paramref name="driver"/>'s threads run it, one control
    /// period at a time, with <see cref="RunControlPeriod"/> (and <see cref="RunPendingWork"/> when no audio is wanted).
    /// </summary>
    /// <remarks>
    /// This is how a render pool shares a few threads among many performances. The driver must call into one
    /// performer from one thread at a time, though not always the same thread; posted work, MIDI and score events
    /// still land between control periods. A driver that renders only when its sink has room keeps the sink from
    /// ever blocking its threads.
    /// </remarks>
    /// <param name="driver">Runs the control periods and is told when posted work or a stop is waiting.</param>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    public void Start(ICsoundPerformanceDriver driver)
    {
        ArgumentNullException.ThrowIfNull(driver);
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The performer is already started.");
        }

        Volatile.Write(ref _driver, driver);
    }

    /// <summary>
    /// Driver side (<see cref="Start(ICsoundPerformanceDriver)"/>): runs the posted work, then one control period,
    /// handing its block to the sink, on the calling thread.
    /// </summary>
    /// <returns>True while the performance goes on; false once it has ended (<see cref="Completion"/> is then complete).</returns>
    /// <exception cref="InvalidOperationException">The performer is not driven, or another thread is inside it.</exception>
    public bool RunControlPeriod() => Drive(render: true);

    /// <summary>
    /// Driver side (<see cref="Start(ICsoundPerformanceDriver)"/>): runs the posted work and honours a stop request
    /// without rendering, for a driver woken by <see cref="ICsoundPerformanceDriver.RunRequested"/> while its sink is full.
    /// </summary>
    /// <returns>True while the performance goes on; false once it has ended.</returns>
    /// <exception cref="InvalidOperationException">The performer is not driven, or another thread is inside it.</exception>
    public bool RunPendingWork() => Drive(render: false);

    /// <summary>
    /// Driver side (<see cref="Start(ICsoundPerformanceDriver)"/>): ends the performance as failed with
    /// <paramref name="reason"/>, on the calling thread, for a driver that will not run it any longer (a render pool
    /// holding sessions to their share of the CPU, say). Nothing happens once the performance has ended.
    /// </summary>
    /// <param name="reason">Why; it becomes <see cref="CsoundPerformanceResult.Error"/>.</param>
    /// <exception cref="InvalidOperationException">The performer is not driven, or another thread is inside it.</exception>
    public void Fail(Exception reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        if (Volatile.Read(ref _driver) is null)
        {
            throw new InvalidOperationException("The performer runs on its own thread; only a performer started with a driver is failed by it.");
        }

        if (Interlocked.Exchange(ref _stepping, 1) != 0)
        {
            throw new InvalidOperationException("Another thread is running this performer; a driver runs it from one thread at a time.");
        }

        try
        {
            if (!_ended)
            {
                Finish(Failed(_framesPerformed, reason));
            }
        }
        finally
        {
            Volatile.Write(ref _stepping, 0);
        }
    }

    /// <summary>Frames (per channel, at Csound's rate) rendered so far; exact on the rendering thread, a snapshot elsewhere.</summary>
    public long FramesPerformed => Volatile.Read(ref _framesPerformed);

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
        Volatile.Read(ref _driver)?.RunRequested(this);
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

        Volatile.Read(ref _driver)?.RunRequested(this);

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

    private bool Drive(bool render)
    {
        if (Volatile.Read(ref _driver) is null)
        {
            throw new InvalidOperationException("The performer runs on its own thread; only a performer started with a driver is run step by step.");
        }

        if (Interlocked.Exchange(ref _stepping, 1) != 0)
        {
            throw new InvalidOperationException("Another thread is running this performer; a driver runs it from one thread at a time.");
        }

        try
        {
            return TryStep(render);
        }
        finally
        {
            Volatile.Write(ref _stepping, 0);
        }
    }

    private void Run()
    {
        while (TryStep(render: true))
        {
        }
    }

    /// <summary>
    /// One step of the performance on the calling thread: the first step begins it (starts the instance and the
    /// sink), every step runs the posted work and, when asked to, one control period. Returns false once the
    /// performance has ended (the result is then set).
    /// </summary>
    private bool TryStep(bool render)
    {
        if (_ended)
        {
            return false;
        }

        CsoundPerformanceResult? result;
        try
        {
            if (!_begun)
            {
                Begin();
            }

            result = Step(render);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            result = new CsoundPerformanceResult(CsoundPerformanceOutcome.Stopped, _framesPerformed, null, []);
        }
        catch (Exception exception)
        {
            result = Failed(_framesPerformed, exception);
        }

        if (result is null)
        {
            return true;
        }

        Finish(result);
        return false;
    }

    private void Begin()
    {
        _begun = true;

        // Holding a reference keeps the engine alive until the performance lets go, even if the instance is
        // disposed from another thread in the middle of a block.
        _instance.Handle.DangerousAddRef(ref _leased);
        if (!_instance.IsStarted)
        {
            _instance.Start();
        }

        _format = _instance.Format;
        _logger.LogInformation(
            "Csound performing in {Mode} mode: sr {SampleRate}, ksmps {Ksmps}, nchnls {Channels}",
            _options.Mode, _format.SampleRate, _format.Ksmps, _format.Channels);
        _sink?.OnStarted(_format);
    }

    private CsoundPerformanceResult? Step(bool render)
    {
        RunPosted();
        var token = _stop.Token;
        if (token.IsCancellationRequested)
        {
            return new CsoundPerformanceResult(CsoundPerformanceOutcome.Stopped, _framesPerformed, null, []);
        }

        if (!render)
        {
            return null;
        }

        var code = _instance.PerformKsmpsCode();
        if (code != 0)
        {
            return Ended(code, _framesPerformed);
        }

        Volatile.Write(ref _framesPerformed, _framesPerformed + _format.Ksmps);
        _sink?.OnSpout(_instance.Spout, token);
        return null;
    }

    private void Finish(CsoundPerformanceResult result)
    {
        _ended = true;
        if (_options.CleanupWhenDone)
        {
            CleanupQuietly();
        }

        if (_leased)
        {
            _leased = false;
            _instance.Handle.DangerousRelease();
        }

        _posted.Clear();
        LogResult(result);
        _completion.TrySetResult(result);
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
