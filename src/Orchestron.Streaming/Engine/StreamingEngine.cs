using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestron.Csound;
using Orchestron.Streaming.Audio;

namespace Orchestron.Streaming.Engine;

/// <summary>
/// One clock and a few render threads for every streaming session of a process: a scheduler thread paces
/// every session's <see cref="QueueAudioTrack"/> (each on its own absolute schedule), and a pool of render
/// workers, one per core, renders whichever session's queue has fallen furthest below its lead.
/// </summary>
/// <remarks>
/// <para>
/// Encoding and sending happen on the scheduler thread, once per session per frame period, in the track's
/// consumers. A session nobody listens to still renders, but its frames are neither copied nor encoded.
/// </para>
/// <para>
/// <see cref="CanAcceptSession"/> tells a host whether one more session fits: by default the render pool measures
/// each session's CPU time and <see cref="CheckAdmission"/> adds an estimate for the new one to what the running
/// ones cost, against what the pool holds; <see cref="StreamingEngineOptions.MaxSessions"/> overrides that.
/// </para>
/// <para>
/// Each session may use a share of the pool (<see cref="CpuShare"/>): one that uses more is rendered after
/// every session within its share and only within its own, and is failed if it stays there.
/// </para>
/// </remarks>
public sealed class StreamingEngine : IDisposable
{
    /// <summary>Sessions per core assumed before any session has been measured.</summary>
    private const int AssumedSessionsPerCore = 16;

    private static readonly Lock SharedGate = new();
    private static StreamingEngineOptions? s_sharedOptions;
    private static StreamingEngine? s_shared;

    private readonly StreamingEngineOptions _options;
    private readonly bool _ownsScheduler;
    private readonly Lock _sampling = new();
    private readonly ConditionalWeakTable<CsoundPerformer, RenderJob> _performerJobs = [];
    private long _busyTicks;
    private long _sampledAt;
    private long _sampledBusy;
    private double _load;
    private int _disposed;

    /// <summary>Creates an engine on the real-time clock.</summary>
    /// <param name="options">Worker count and admission; defaults when null.</param>
    /// <param name="loggerFactory">Where failures of sessions are logged.</param>
    public StreamingEngine(StreamingEngineOptions? options = null, ILoggerFactory? loggerFactory = null)
        : this(options, MonotonicPacerClock.Instance, loggerFactory)
    {
    }

    /// <summary>Creates an engine on <paramref name="clock"/> (a <see cref="VirtualPacerClock"/> runs it faster than real time).</summary>
    /// <param name="options">Worker count and admission; defaults when null.</param>
    /// <param name="clock">The time source of every session's schedule.</param>
    /// <param name="loggerFactory">Where failures of sessions are logged.</param>
    public StreamingEngine(StreamingEngineOptions? options, IPacerClock clock, ILoggerFactory? loggerFactory = null)
        : this(options, clock, scheduler: null, loggerFactory)
    {
    }

    // The shared engine paces on the process's one real-time scheduler, which tracks made without an engine use too.
    private StreamingEngine(StreamingEngineOptions? options, IPacerClock clock, PacerScheduler? scheduler, ILoggerFactory? loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _options = (options ?? new StreamingEngineOptions()).Clone();
        _options.Validate();
        Clock = clock;
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<StreamingEngine>();
        _sampledAt = Stopwatch.GetTimestamp();
        if (scheduler is null)
        {
            Scheduler = new PacerScheduler(clock, "Orchestron audio pacer", logger, AddBusy);
            _ownsScheduler = true;
        }
        else
        {
            scheduler.Observe(logger, AddBusy);
            Scheduler = scheduler;
        }

        Pool = new RenderPool(_options.RenderWorkers ?? Environment.ProcessorCount, logger, AddBusy, _options.TargetLoad)
        {
            Share = _options.CpuShare,
        };
    }

    /// <summary>The engine every <see cref="QueueAudioTrack"/> and <see cref="CsoundWebRtcStream"/> on the real-time clock uses unless given another; created on first use, never disposed.</summary>
    public static StreamingEngine Shared
    {
        get
        {
            if (Volatile.Read(ref s_shared) is { } shared)
            {
                return shared;
            }

            lock (SharedGate)
            {
                return s_shared ??= new StreamingEngine(s_sharedOptions, MonotonicPacerClock.Instance, PacerScheduler.Shared, loggerFactory: null);
            }
        }
    }

    /// <summary>
    /// Sets the options <see cref="Shared"/> is created with (for example a fixed <see cref="StreamingEngineOptions.MaxSessions"/>
    /// from the host's configuration). Call it at start-up, before anything uses <see cref="Shared"/>.
    /// </summary>
    /// <param name="options">The settings; validated and copied.</param>
    /// <exception cref="InvalidOperationException">The shared engine has already been created.</exception>
    public static void ConfigureShared(StreamingEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        lock (SharedGate)
        {
            if (s_shared is not null)
            {
                throw new InvalidOperationException("The shared streaming engine is already running; configure it before the first stream or track starts.");
            }

            s_sharedOptions = options.Clone();
        }
    }

    /// <summary>The clock every session's schedule is on.</summary>
    public IPacerClock Clock { get; }

    /// <summary>The number of render worker threads.</summary>
    public int RenderWorkerCount => Pool.WorkerCount;

    /// <summary>Sessions paced by this engine (started tracks).</summary>
    public int SessionCount => Scheduler.Count;

    /// <summary>Sessions being rendered on the pool.</summary>
    public int RenderingCount => Pool.Count;

    /// <summary>
    /// The share of the process's cores this engine's threads were busy, averaged since the previous reading
    /// (at least a second apart; readings closer together return the last value).
    /// </summary>
    public double Load
    {
        get
        {
            lock (_sampling)
            {
                var now = Stopwatch.GetTimestamp();
                var elapsed = now - _sampledAt;
                if (elapsed >= Stopwatch.Frequency)
                {
                    var busy = Interlocked.Read(ref _busyTicks);
                    _load = (double)(busy - _sampledBusy) / elapsed / Environment.ProcessorCount;
                    (_sampledAt, _sampledBusy) = (now, busy);
                }

                return _load;
            }
        }
    }

    /// <summary>
    /// How many sessions the engine admits: <see cref="StreamingEngineOptions.MaxSessions"/> when set; otherwise the
    /// cores times <see cref="StreamingEngineOptions.TargetLoad"/> over the measured cost of a session (before any
    /// measurement, 16 per core).
    /// </summary>
    public int Capacity
    {
        get
        {
            if (_options.MaxSessions is { } fixedCapacity)
            {
                return fixedCapacity;
            }

            var sessions = SessionCount;
            var load = Load;
            if (sessions == 0 || load <= 0)
            {
                return Environment.ProcessorCount * AssumedSessionsPerCore;
            }

            return (int)Math.Min(Math.Floor(_options.TargetLoad * sessions / load), int.MaxValue);
        }
    }

    /// <summary>
    /// True when one more session fits: below <see cref="StreamingEngineOptions.MaxSessions"/> when that is set,
    /// otherwise when <see cref="CheckAdmission"/> admits it. A host refuses with 503 otherwise.
    /// </summary>
    public bool CanAcceptSession =>
        Volatile.Read(ref _disposed) == 0 && (_options.MaxSessions is { } fixedCapacity ? SessionCount < fixedCapacity : CheckAdmission().Admitted);

    /// <summary>
    /// How much of a core each session may use on the render pool, and how long it may stay held to that share
    /// before it fails; may be changed at any time (sessions get the new share at their next measuring window).
    /// </summary>
    /// <exception cref="ArgumentException">A setting is invalid.</exception>
    public SessionCpuShareOptions CpuShare
    {
        get => Pool.Share;
        set => Pool.Share = value;
    }

    /// <summary>
    /// Whether one more session fits by measured cost: the CPU time the render pool measured for each session, the
    /// smaller of its last two half-second windows once it has played past its first (a session not yet settled
    /// counts as the estimate, so that one slow window, such as a start's, refuses nobody), plus the estimate for the new one
    /// (the measured sessions' mean, or a sixteenth of a core before any), against the workers times
    /// <see cref="StreamingEngineOptions.TargetLoad"/> (or <see cref="SessionCpuShareOptions.CapacityCores"/>). An empty pool
    /// admits its first session whatever the estimate.
    /// </summary>
    /// <returns>The verdict, with the figures it was made from.</returns>
    public SessionAdmission CheckAdmission()
    {
        var measured = 0.0;
        var measuredCount = 0;
        var jobs = Pool.Jobs;
        foreach (var job in jobs)
        {
            var share = job.Meter.SettledShare;
            if (share > 0)
            {
                measured += share;
                measuredCount++;
            }
        }

        var estimate = measuredCount > 0 ? measured / measuredCount : 1.0 / AssumedSessionsPerCore;
        var load = measured + ((jobs.Length - measuredCount) * estimate);
        var capacity = Pool.CapacityCores;
        return new SessionAdmission(
            Volatile.Read(ref _disposed) == 0 && (jobs.Length == 0 || load + estimate <= capacity), load, estimate, capacity, jobs.Length);
    }

    /// <summary>What the render pool measured of <paramref name="performer"/>'s CPU use, while this engine renders it.</summary>
    /// <param name="performer">A performer started with <see cref="StartPerformer"/>.</param>
    /// <param name="share">Its share, its limit and whether it is held to it.</param>
    /// <returns>False when the performer was not started on this engine.</returns>
    public bool TryGetCpuShare(CsoundPerformer performer, out SessionCpuShare share)
    {
        ArgumentNullException.ThrowIfNull(performer);
        if (_performerJobs.TryGetValue(performer, out var job))
        {
            share = job.Meter.Snapshot(Stopwatch.GetTimestamp());
            return true;
        }

        share = default;
        return false;
    }

    internal PacerScheduler Scheduler { get; }

    internal RenderPool Pool { get; }

    /// <summary>
    /// Starts <paramref name="performer"/> on the render pool instead of a thread of its own: its blocks go through
    /// <paramref name="pipeline"/>, which must be the performer's sink, into the queue its track paces.
    /// </summary>
    /// <param name="performer">A performer not yet started, created with <paramref name="pipeline"/> as its sink.</param>
    /// <param name="pipeline">The performer's sink; from now on it never waits for room (a pool thread must not).</param>
    /// <exception cref="InvalidOperationException">The performer was already started.</exception>
    /// <exception cref="ObjectDisposedException">The engine was disposed.</exception>
    public void StartPerformer(CsoundPerformer performer, SpoutPipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(performer);
        ArgumentNullException.ThrowIfNull(pipeline);
        var job = new PerformerRenderJob(performer, pipeline);
        performer.Start(job);
        _performerJobs.AddOrUpdate(performer, job);
        Pool.Add(job);
    }

    /// <summary>
    /// Creates a stopped track paced by this engine's scheduler, on its clock; a track made with
    /// <see cref="QueueAudioTrack(AudioFrameQueue, IPacerClock?, Microsoft.Extensions.Logging.ILogger{QueueAudioTrack}?)"/>
    /// on the real-time clock is paced by the shared engine's.
    /// </summary>
    /// <param name="queue">The queue the renderer writes to; the track is its only reader.</param>
    /// <param name="logger">Logs consumer failures and schedule re-anchoring.</param>
    public QueueAudioTrack CreateTrack(AudioFrameQueue queue, ILogger<QueueAudioTrack>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(queue);
        return new QueueAudioTrack(queue, Scheduler, logger);
    }

    /// <summary>
    /// Stops the scheduler (tracks get no further frame) and the workers; performers still on the pool are stopped.
    /// The shared engine's scheduler is the process's real-time clock and outlives it.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_ownsScheduler)
        {
            Scheduler.Dispose();
        }

        Pool.Dispose();
    }

    /// <summary>Adds a render source other than a performer (tests, benchmarks).</summary>
    internal void AddRenderJob(RenderJob job) => Pool.Add(job);

    private void AddBusy(long ticks) => Interlocked.Add(ref _busyTicks, ticks);
}
