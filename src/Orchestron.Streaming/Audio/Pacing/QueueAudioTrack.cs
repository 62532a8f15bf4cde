using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Orchestron.Streaming.Audio;

/// <summary>
/// The pacer: the stream's only clock. On an absolute schedule (start + n x frame period) it takes one frame
/// from an <see cref="AudioFrameQueue"/> and hands it to every <see cref="IAudioFrameConsumer"/> with a
/// continuous 48 kHz timestamp.
/// </summary>
/// <remarks>
/// <para>
/// Tracks do not have a thread each: one scheduler thread per process keeps every real-time track's schedule
/// and sleeps until the earliest deadline (the shared streaming engine paces its sessions on the same thread,
/// and an engine of one's own hands out tracks on its scheduler with <c>StreamingEngine.CreateTrack</c>). A track
/// made with a clock of its own, such as a <see cref="VirtualPacerClock"/>, is paced by a scheduler thread of its
/// own on that clock.
/// </para>
/// <para>
/// Taking a frame wakes a renderer waiting in <see cref="AudioFrameQueue.WriteWhenReady"/>, so the renderer
/// runs exactly as fast as this track consumes and the two cannot drift apart. When no frame is ready the
/// track sends silence with the same timestamp progression and counts an underrun (not before the first
/// rendered frame has arrived: until then the stream has not started).
/// </para>
/// <para>
/// Consumers can be added and removed at any time from any thread; the pacer reads an immutable array that
/// is replaced atomically, so its loop takes no lock and allocates nothing. A consumer that throws is logged
/// and keeps receiving frames. When the first consumer joins and <see cref="StreamingAudioOptions.FlushOnConnect"/>
/// is set, the pacer skips the backlog down to <see cref="StreamingAudioOptions.StartupKeepFrames"/> before
/// its next frame. If the pacer falls more than a second behind its schedule (the process was suspended),
/// it re-anchors the schedule instead of sending the missed frames in a burst.
/// </para>
/// <para>
/// While no consumer is attached, the track lets a paced renderer queue up to
/// <see cref="StreamingAudioOptions.QueueFramesMax"/> frames and passes frames over without copying them, all
/// queued but one at a time (seven of the default eight), so a stream nobody listens to costs its rendering, in
/// bursts, and a wake-up every few periods. A consumer added meanwhile gets its first frame at the next of those
/// wake-ups, after the backlog beyond the lead has been flushed.
/// </para>
/// </remarks>
public sealed partial class QueueAudioTrack : IDisposable, IPacedStream
{
    private readonly AudioFrameQueue _queue;
    private readonly PacerScheduler? _sharedScheduler;
    private readonly IPacerClock _clock;
    private readonly double _ticksToMs;
    private readonly ILogger _logger;
    private readonly float[] _frame;
    private readonly float[] _silence;
    private readonly int _framesPerIdleWake;
    private readonly Lock _lifecycle = new();
    private IAudioFrameConsumer[] _consumers = [];
    private PacerRegistration? _registration;
    private PacerScheduler? _scheduler;
    private int _flushPending;
    private long _nextTimestamp;
    private bool _rendering;
    private bool _disposed;

    /// <summary>Creates a stopped track that paces frames out of <paramref name="queue"/>.</summary>
    /// <param name="queue">The queue the renderer writes to; this track is its only reader.</param>
    /// <param name="clock">
    /// The time source: null or a <see cref="MonotonicPacerClock"/> for real time, paced by the process's one
    /// real-time scheduler; any other clock gets a scheduler thread of its own.
    /// </param>
    /// <param name="logger">Logs consumer failures and schedule re-anchoring.</param>
    public QueueAudioTrack(AudioFrameQueue queue, IPacerClock? clock = null, ILogger<QueueAudioTrack>? logger = null)
        : this(queue, clock is null or MonotonicPacerClock ? PacerScheduler.Shared : null, clock ?? MonotonicPacerClock.Instance, logger)
    {
    }

    /// <summary>Creates a stopped track paced by <paramref name="scheduler"/>, on its clock.</summary>
    internal QueueAudioTrack(AudioFrameQueue queue, PacerScheduler scheduler, ILogger<QueueAudioTrack>? logger)
        : this(queue, scheduler, scheduler.Clock, logger)
    {
    }

    private QueueAudioTrack(AudioFrameQueue queue, PacerScheduler? sharedScheduler, IPacerClock clock, ILogger<QueueAudioTrack>? logger)
    {
        ArgumentNullException.ThrowIfNull(queue);
        _queue = queue;
        _sharedScheduler = sharedScheduler;
        _clock = clock;
        _ticksToMs = 1000.0 / clock.Frequency;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _frame = new float[queue.FrameLength];
        _silence = new float[queue.FrameLength];

        // All but one frame of the queue's capacity: the frames taken together leave one queued, so a renderer
        // woken by the first of them refills with a frame to spare, as it does for a listened stream.
        _framesPerIdleWake = Math.Max(1, queue.Options.QueueFramesMax - 1);
    }

    /// <summary>Frame length in milliseconds (2.5, 5, 10 or 20).</summary>
    public double FrameMs => _queue.Options.FrameMs;

    /// <summary>Samples per channel in each frame (and the timestamp step).</summary>
    public int FrameSamplesPerChannel => _queue.Options.FrameSamplesPerChannel;

    /// <summary>The 48 kHz timestamp the next frame will carry.</summary>
    public long NextTimestamp => Interlocked.Read(ref _nextTimestamp);

    /// <summary>The counters of this stream.</summary>
    public StreamingAudioMetrics Metrics => _queue.Metrics;

    /// <summary>The number of consumers receiving frames.</summary>
    public int ConsumerCount => Volatile.Read(ref _consumers).Length;

    /// <summary>True between <see cref="Start"/> and <see cref="Stop"/>.</summary>
    public bool IsRunning => Volatile.Read(ref _registration) is not null;

    /// <summary>Adds a consumer; it receives frames from the pacer's next wake-up on.</summary>
    /// <param name="consumer">The consumer (added once even if passed again).</param>
    public void AddConsumer(IAudioFrameConsumer consumer)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        while (true)
        {
            var current = Volatile.Read(ref _consumers);
            if (Array.IndexOf(current, consumer) >= 0)
            {
                return;
            }

            IAudioFrameConsumer[] next = [.. current, consumer];
            if (Interlocked.CompareExchange(ref _consumers, next, current) == current)
            {
                if (current.Length == 0 && _queue.Options.FlushOnConnect)
                {
                    Volatile.Write(ref _flushPending, 1);
                }

                return;
            }
        }
    }

    /// <summary>Removes a consumer; it may still receive the frame being delivered while this runs.</summary>
    /// <param name="consumer">The consumer to remove.</param>
    /// <returns>False when it was not a consumer.</returns>
    public bool RemoveConsumer(IAudioFrameConsumer consumer)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        while (true)
        {
            var current = Volatile.Read(ref _consumers);
            var index = Array.IndexOf(current, consumer);
            if (index < 0)
            {
                return false;
            }

            IAudioFrameConsumer[] next = [.. current.AsSpan(0, index), .. current.AsSpan(index + 1)];
            if (Interlocked.CompareExchange(ref _consumers, next, current) == current)
            {
                return true;
            }
        }
    }

    /// <summary>Puts the track on its scheduler; the first frame is due within one frame period.</summary>
    /// <exception cref="InvalidOperationException">The track is already running.</exception>
    /// <exception cref="ObjectDisposedException">The track (or the engine whose scheduler paces it) was disposed.</exception>
    public void Start()
    {
        lock (_lifecycle)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_registration is not null)
            {
                throw new InvalidOperationException("The audio track is already running.");
            }

            var scheduler = _sharedScheduler
                ?? new PacerScheduler(_clock, "Orchestron audio pacer", _logger, exitWhenEmpty: true);
            var registration = new PacerRegistration(this);
            _rendering = false;
            // A track started again after a stop: its last frame taken left the render window shut, and the
            // scheduler counts the first frame's window as open.
            _queue.OpenRenderWindow();
            if (!scheduler.Add(registration))
            {
                registration.Dispose();
                throw new ObjectDisposedException(nameof(PacerScheduler), "The scheduler that paces this track was stopped (its engine was disposed).");
            }

            _scheduler = scheduler;
            _registration = registration;
        }
    }

    /// <summary>
    /// Takes the track off its scheduler and waits until it delivers no further frame (at most one wake-up: a frame
    /// period, or up to <see cref="StreamingAudioOptions.QueueFramesMax"/> less one while nobody listens). Called from
    /// a consumer (on the scheduler thread), it only asks for no frame after the current one.
    /// </summary>
    public void Stop()
    {
        PacerRegistration? registration;
        lock (_lifecycle)
        {
            registration = _registration;
            if (registration is null)
            {
                return;
            }

            registration.RequestStop();
            if (_scheduler!.IsSchedulerThread)
            {
                return;
            }
        }

        registration.WaitReleased();
        lock (_lifecycle)
        {
            if (_registration == registration)
            {
                _registration = null;
                _scheduler = null;
                registration.Dispose();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Stop();
        lock (_lifecycle)
        {
            _disposed = true;
        }
    }

    int IPacedStream.OnFrameDue(long latenessTicks)
    {
        Metrics.RecordPacingError(latenessTicks * _ticksToMs);
        if (Interlocked.Exchange(ref _flushPending, 0) == 1)
        {
            _queue.FlushBacklog(_queue.Options.StartupKeepFrames);
        }

        var consumers = Volatile.Read(ref _consumers);
        if (consumers.Length == 0)
        {
            return PassOverIdle();
        }

        if (_queue.IsIdle)
        {
            _queue.EndIdle();
        }

        var rendered = _queue.TryReadFrame(_frame);
        CountUnderruns(rendered ? 1 : 0, rendered ? 0 : 1);
        Deliver(consumers, rendered ? _frame : _silence, !rendered);
        Advance(1);
        return 1;
    }

    /// <summary>
    /// Nobody listening: frames are passed over uncopied and nothing is encoded, all queued but one per wake-up
    /// (at least one, so that a missing frame is still counted), so that neither this thread nor the renderer,
    /// woken once to refill them in one burst, wakes every period. The queue deepens while nobody listens (a renderer
    /// in another process reads the deeper lead from its shared region), so the stride grows to its longest over the
    /// first wake-ups, and nothing is ever taken before it was queued.
    /// </summary>
    /// <returns>The periods this wake-up covered.</returns>
    private int PassOverIdle()
    {
        if (!_queue.IsIdle)
        {
            _queue.BeginIdle();
        }

        var due = Math.Clamp(_queue.QueuedFrames - 1, 1, _framesPerIdleWake);
        var passed = _queue.SkipFrames(due);
        CountUnderruns(passed, due - passed);
        Advance(due);
        return due;
    }

    /// <summary>
    /// Frames that were due, the <paramref name="rendered"/> ones first: each of the <paramref name="missing"/> ones
    /// found none queued, an underrun once the stream has started.
    /// </summary>
    private void CountUnderruns(int rendered, int missing)
    {
        _rendering |= rendered > 0;
        if (missing > 0 && _rendering)
        {
            Metrics.RecordUnderruns(missing);
        }
    }

    /// <summary>Frame periods done: counted, and the timestamp moves on by as many frames whatever was sent.</summary>
    private void Advance(int frames)
    {
        Metrics.RecordFramesSent(frames);
        Interlocked.Add(ref _nextTimestamp, (long)frames * FrameSamplesPerChannel);
    }

    void IPacedStream.OnReanchored(long latenessTicks) => LogScheduleReanchored(latenessTicks * _ticksToMs);

    int IPacedStream.RenderWindowSamples => _queue.RenderWindowSamples;

    void IPacedStream.OnRenderWindowOpen() => _queue.OpenRenderWindow();

    private void Deliver(IAudioFrameConsumer[] consumers, ReadOnlySpan<float> frame, bool isSilence)
    {
        var timestamp = Interlocked.Read(ref _nextTimestamp);
        foreach (var consumer in consumers)
        {
            try
            {
                consumer.OnFrame(frame, timestamp, isSilence);
            }
            catch (Exception e)
            {
                LogConsumerFailed(e, consumer.GetType().Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Audio frame consumer {Consumer} failed; it keeps receiving frames.")]
    private partial void LogConsumerFailed(Exception exception, string consumer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The audio pacer woke {LatenessMs:F1} ms late; its schedule was re-anchored.")]
    private partial void LogScheduleReanchored(double latenessMs);
}
