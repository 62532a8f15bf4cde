using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Orchestron.Streaming.Audio;

/// <summary>
/// The pacer: the stream's only clock. On its own thread it wakes on an absolute schedule
/// (start + n x frame period), takes one frame from an <see cref="AudioFrameBuffer"/> and hands it to every
/// <see cref="IAudioFrameConsumer"/> with a continuous 48 kHz timestamp.
/// </summary>
/// <remarks>
/// <para>
/// Taking a frame wakes a renderer waiting in <see cref="AudioFrameBuffer.WriteWhenReady"/>, so the renderer
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
/// </remarks>
public sealed partial class QueueAudioTrack : IDisposable
{
    private readonly AudioFrameBuffer _buffer;
    private readonly IPacerClock _clock;
    private readonly ILogger _logger;
    private readonly float[] _frame;
    private readonly float[] _silence;
    private readonly Lock _lifecycle = new();
    private IAudioFrameConsumer[] _consumers = [];
    private CancellationTokenSource? _stopping;
    private Thread? _thread;
    private int _flushPending;
    private long _nextTimestamp;
    private bool _disposed;

    /// <summary>Creates a stopped track that paces frames out of <paramref name="buffer"/>.</summary>
    /// <param name="buffer">The queue the renderer writes to; this track is its only reader.</param>
    /// <param name="clock">The time source; <see cref="MonotonicPacerClock.Instance"/> when null.</param>
    /// <param name="logger">Logs consumer failures and schedule re-anchoring.</param>
    public QueueAudioTrack(AudioFrameBuffer buffer, IPacerClock? clock = null, ILogger<QueueAudioTrack>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        _buffer = buffer;
        _clock = clock ?? MonotonicPacerClock.Instance;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _frame = new float[buffer.FrameLength];
        _silence = new float[buffer.FrameLength];
    }

    /// <summary>Frame length in milliseconds.</summary>
    public int FrameMs => _buffer.Options.FrameMs;

    /// <summary>Samples per channel in each frame (and the timestamp step).</summary>
    public int FrameSamplesPerChannel => _buffer.Options.FrameSamplesPerChannel;

    /// <summary>The 48 kHz timestamp the next frame will carry.</summary>
    public long NextTimestamp => Interlocked.Read(ref _nextTimestamp);

    /// <summary>The counters of this stream.</summary>
    public StreamingAudioMetrics Metrics => _buffer.Metrics;

    /// <summary>The number of consumers receiving frames.</summary>
    public int ConsumerCount => Volatile.Read(ref _consumers).Length;

    /// <summary>True between <see cref="Start"/> and <see cref="Stop"/>.</summary>
    public bool IsRunning => Volatile.Read(ref _thread) is not null;

    /// <summary>Adds a consumer; it receives frames from the next frame period on.</summary>
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
                if (current.Length == 0 && _buffer.Options.FlushOnConnect)
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

    /// <summary>Starts the pacer thread; the first frame is due at once.</summary>
    /// <exception cref="InvalidOperationException">The track is already running.</exception>
    /// <exception cref="ObjectDisposedException">The track was disposed.</exception>
    public void Start()
    {
        lock (_lifecycle)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_thread is not null)
            {
                throw new InvalidOperationException("The audio track is already running.");
            }

            _stopping = new CancellationTokenSource();
            var token = _stopping.Token;
            var thread = new Thread(() => Run(token))
            {
                IsBackground = true,
                Name = "Orchestron audio pacer",
                Priority = ThreadPriority.AboveNormal,
            };
            _thread = thread;
            thread.Start();
        }
    }

    /// <summary>
    /// Stops the pacer thread and waits for it to finish its current frame. Called from a consumer (on the
    /// pacer thread), it only asks the pacer to stop after the current frame.
    /// </summary>
    public void Stop()
    {
        Thread? thread;
        lock (_lifecycle)
        {
            thread = _thread;
            if (thread is null)
            {
                return;
            }

            _stopping!.Cancel();
            if (thread == Thread.CurrentThread)
            {
                return;
            }
        }

        thread.Join();
        lock (_lifecycle)
        {
            if (_thread == thread)
            {
                _stopping?.Dispose();
                _stopping = null;
                _thread = null;
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

    private void Run(CancellationToken stopping)
    {
        var schedule = new PacerSchedule(_clock.Frequency, FrameMs);
        var resyncThreshold = _clock.Frequency;
        var ticksToMs = 1000.0 / _clock.Frequency;
        var start = _clock.GetTimestamp();
        var started = false;
        for (long frameIndex = 0; !stopping.IsCancellationRequested; frameIndex++)
        {
            var deadline = start + schedule.Offset(frameIndex);
            _clock.WaitUntil(deadline, stopping);
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            var lateness = _clock.GetTimestamp() - deadline;
            if (lateness > resyncThreshold)
            {
                LogScheduleReanchored(lateness * ticksToMs);
                start += lateness;
            }

            Metrics.RecordPacingError(lateness * ticksToMs);
            if (Interlocked.Exchange(ref _flushPending, 0) == 1)
            {
                _buffer.FlushBacklog(_buffer.Options.StartupKeepFrames);
            }

            var rendered = _buffer.TryReadFrame(_frame);
            started |= rendered;
            if (!rendered && started)
            {
                Metrics.RecordUnderrun();
            }

            Deliver(rendered ? _frame : _silence, !rendered);
            Metrics.RecordFrameSent();
            Interlocked.Add(ref _nextTimestamp, FrameSamplesPerChannel);
        }
    }

    private void Deliver(ReadOnlySpan<float> frame, bool isSilence)
    {
        var timestamp = Interlocked.Read(ref _nextTimestamp);
        foreach (var consumer in Volatile.Read(ref _consumers))
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
