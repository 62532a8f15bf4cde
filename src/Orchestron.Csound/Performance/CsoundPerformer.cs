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
public sealed partial class CsoundPerformer : IAsyncDisposable
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
}
