using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Orchestron.Streaming.Audio;

/// <summary>
/// The one clock for many streams: one thread keeps every stream's absolute frame schedule in a timer queue,
/// sleeps until the earliest deadline with the clock's absolute wait, and delivers every frame then due.
/// </summary>
/// <remarks>
/// <para>
/// A new stream starts on a half millisecond of a 20 ms cycle that the fewest streams already use, so that frames
/// (and their encoding) spread evenly over the cycle rather than all falling due at once; its first frame is
/// due within one frame period. Half milliseconds (24 samples at 48 kHz) divide every period, 2.5 ms included. From then on frame n is due at start + n x period, exactly as a pacer with a
/// thread of its own would have it.
/// </para>
/// <para>
/// A stream whose render lead is not a whole number of frames also has its render window opened a set time before
/// each deadline (<see cref="IPacedStream.RenderWindowSamples"/>): one more wake-up per period, on the same clock.
/// </para>
/// <para>
/// Streams join through a short locked hand-over that the scheduler takes at its next wake-up; they leave at
/// their next deadline after asking to. The loop itself takes no lock and allocates nothing.
/// </para>
/// </remarks>
internal sealed partial class PacerScheduler : IDisposable
{
    /// <summary>The cycle the phases of streams of every period (2.5 to 20 ms) repeat in.</summary>
    internal const int CycleMs = 20;

    /// <summary>The phase slots per millisecond: a slot is half a millisecond, 24 samples at 48 kHz.</summary>
    private const int SlotsPerMs = 2;

    /// <summary>The samples of one phase slot.</summary>
    private const int SlotSamples = StreamingAudioOptions.OutputSampleRate / 1000 / SlotsPerMs;

    /// <summary>The phase slots in one cycle.</summary>
    private const int CycleSlots = CycleMs * SlotsPerMs;

    private readonly IPacerClock _clock;
    private static readonly Lazy<PacerScheduler> SharedScheduler =
        new(() => new PacerScheduler(MonotonicPacerClock.Instance, "Orchestron shared pacer", NullLogger.Instance));

    private ILogger _logger;
    private Action<long>? _busy;
    private readonly bool _exitWhenEmpty;
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _joined = new(false, spinCount: 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly DeadlineHeap _heap = new();
    private readonly int[] _phaseLoad = new int[CycleSlots];
    private readonly long _epoch;
    private List<PacerRegistration> _incoming = [];
    private List<PacerRegistration> _taking = [];
    private int _count;
    private bool _closed;
    private bool _hadStreams;

    /// <summary>Starts the scheduler thread.</summary>
    /// <param name="clock">The time source every deadline is on.</param>
    /// <param name="threadName">The thread's name, as debuggers show it.</param>
    /// <param name="logger">Logs a stream that failed.</param>
    /// <param name="busy">Told how many <see cref="Stopwatch"/> ticks each wake-up's work took (for load measurement).</param>
    /// <param name="exitWhenEmpty">For a scheduler private to one stream: the thread ends when the stream leaves.</param>
    internal PacerScheduler(IPacerClock clock, string threadName, ILogger logger, Action<long>? busy = null, bool exitWhenEmpty = false)
    {
        _clock = clock;
        _logger = logger;
        _busy = busy;
        _exitWhenEmpty = exitWhenEmpty;
        _epoch = clock.GetTimestamp();
        _thread = new Thread(Run)
        {
            IsBackground = true,
            Name = threadName,
            Priority = ThreadPriority.AboveNormal,
        };
        _thread.Start();
    }

    /// <summary>
    /// The process's one real-time scheduler: every track on the monotonic clock is paced by its thread, whether
    /// the track was made on its own or by the shared engine, so that all of them share one clock and one wake-up.
    /// </summary>
    internal static PacerScheduler Shared => SharedScheduler.Value;

    internal IPacerClock Clock => _clock;

    /// <summary>
    /// Lets the owner of a scheduler made without them (the shared one) receive its failure logs and its busy time.
    /// Call it once, before streams that need the accounting join.
    /// </summary>
    internal void Observe(ILogger logger, Action<long> busy)
    {
        Volatile.Write(ref _logger, logger);
        Volatile.Write(ref _busy, busy);
    }

    /// <summary>Streams scheduled or about to be.</summary>
    internal int Count => Volatile.Read(ref _count);

    internal bool IsSchedulerThread => Thread.CurrentThread == _thread;

    /// <summary>Schedules a stream; its first frame is due within one frame period.</summary>
    /// <returns>False when the scheduler has been closed (the registration is then released at once).</returns>
    internal bool Add(PacerRegistration registration)
    {
        lock (_gate)
        {
            if (_closed)
            {
                registration.Release();
                return false;
            }

            _incoming.Add(registration);
            Interlocked.Increment(ref _count);
        }

        _joined.Set();
        return true;
    }

    /// <summary>Stops the thread; every stream still scheduled is released (gets no further frame).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
        }

        _stopping.Cancel();
        _joined.Set();
        if (!IsSchedulerThread)
        {
            _thread.Join();
        }
    }

    private void Run()
    {
        // On the real clock the thread sleeps between deadlines, so the real-time class costs nothing; a virtual clock
        // (tests) never sleeps, and a real-time thread running through it would keep every other thread off its core.
        if (_clock is MonotonicPacerClock)
        {
            RealTimePriority.RaiseCurrentThreadToRealTime();
        }
        else
        {
            RealTimePriority.RaiseCurrentThread();
        }

        var stopping = _stopping.Token;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                _joined.Reset();
                TakeIncoming();
                if (_heap.Count == 0)
                {
                    if (_exitWhenEmpty && _hadStreams && CloseIfEmpty())
                    {
                        return;
                    }

                    _joined.Wait(stopping);
                    continue;
                }

                _clock.WaitUntil(_heap.Peek().WakeAt, stopping);
                var woke = Stopwatch.GetTimestamp();
                DeliverDue();
                Volatile.Read(ref _busy)?.Invoke(Stopwatch.GetTimestamp() - woke);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        finally
        {
            ReleaseAll();
        }
    }

    private void DeliverDue()
    {
        while (_heap.Count > 0)
        {
            var next = _heap.Peek();
            var now = _clock.GetTimestamp();
            if (next.WakeAt > now)
            {
                return;
            }

            _heap.Pop();
            if (next.StopRequested)
            {
                Leave(next);
                continue;
            }

            try
            {
                if (next.WindowPending)
                {
                    next.WindowPending = false;
                    next.Stream.OnRenderWindowOpen();
                }
                else
                {
                    Fire(next, now);
                    if (next.RenderWindowTicks > 0)
                    {
                        next.WindowPending = true;
                    }
                }

                next.WakeAt = next.WindowPending ? next.Deadline - next.RenderWindowTicks : next.Deadline;
                _heap.Push(next);
            }
            catch (Exception exception)
            {
                LogStreamFailed(exception);
                Leave(next);
            }
        }
    }

    private void Fire(PacerRegistration registration, long now)
    {
        var lateness = now - registration.Deadline;
        if (lateness > _clock.Frequency)
        {
            // Suspended (or starved) for over a second: move the schedule forward by whole periods, keeping its
            // phase, rather than sending every missed frame in a burst.
            var period = registration.Schedule.Offset(1);
            registration.Start += lateness / Math.Max(period, 1) * period;
            registration.Stream.OnReanchored(lateness);
        }

        registration.FrameIndex += Math.Max(1, registration.Stream.OnFrameDue(lateness));
        registration.Deadline = registration.Start + registration.Schedule.Offset(registration.FrameIndex);
    }

    private void TakeIncoming()
    {
        lock (_gate)
        {
            if (_incoming.Count == 0)
            {
                return;
            }

            (_incoming, _taking) = (_taking, _incoming);
        }

        _hadStreams = true;

        foreach (var registration in _taking)
        {
            if (registration.StopRequested)
            {
                Interlocked.Decrement(ref _count);
                registration.Release();
                continue;
            }

            Schedule(registration);
        }

        _taking.Clear();
    }

    private void Schedule(PacerRegistration registration)
    {
        var frameSamples = registration.Stream.FrameSamplesPerChannel;
        var periodSlots = frameSamples / SlotSamples;
        var elapsed = _clock.GetTimestamp() - _epoch;
        var firstSlot = (long)Math.Ceiling(elapsed * 1000.0 * SlotsPerMs / _clock.Frequency);
        var bestSlot = firstSlot;
        var bestLoad = int.MaxValue;
        for (var candidate = firstSlot; candidate < firstSlot + periodSlots; candidate++)
        {
            var load = PhaseLoad((int)(candidate % CycleSlots), periodSlots);
            if (load < bestLoad)
            {
                (bestSlot, bestLoad) = (candidate, load);
            }
        }

        registration.Phase = (int)(bestSlot % CycleSlots);
        AddPhaseLoad(registration.Phase, periodSlots, 1);
        registration.Schedule = new PacerSchedule(_clock.Frequency, frameSamples);
        registration.Start = _epoch + SlotsToTicks(bestSlot);
        registration.FrameIndex = 0;
        registration.Deadline = registration.Start;
        // The first frame's window is open from the start (the renderer fills the lead before the stream starts).
        registration.RenderWindowTicks = (long)registration.Stream.RenderWindowSamples * _clock.Frequency / StreamingAudioOptions.OutputSampleRate;
        registration.WindowPending = false;
        registration.WakeAt = registration.Deadline;
        _heap.Push(registration);
    }

    private int PhaseLoad(int phase, int periodSlots)
    {
        var load = 0;
        for (var slot = phase % periodSlots; slot < CycleSlots; slot += periodSlots)
        {
            load += _phaseLoad[slot];
        }

        return load;
    }

    private void AddPhaseLoad(int phase, int periodSlots, int delta)
    {
        for (var slot = phase % periodSlots; slot < CycleSlots; slot += periodSlots)
        {
            _phaseLoad[slot] += delta;
        }
    }

    private long SlotsToTicks(long slots)
    {
        const int slotsPerSecond = 1000 * SlotsPerMs;
        return (slots / slotsPerSecond * _clock.Frequency) + (slots % slotsPerSecond * _clock.Frequency / slotsPerSecond);
    }

    private void Leave(PacerRegistration registration)
    {
        AddPhaseLoad(registration.Phase, registration.Stream.FrameSamplesPerChannel / SlotSamples, -1);
        Interlocked.Decrement(ref _count);
        registration.Release();
    }

    private bool CloseIfEmpty()
    {
        lock (_gate)
        {
            if (_incoming.Count > 0)
            {
                return false;
            }

            _closed = true;
            return true;
        }
    }

    private void ReleaseAll()
    {
        lock (_gate)
        {
            _closed = true;
            foreach (var registration in _incoming)
            {
                registration.Release();
            }

            _incoming.Clear();
        }

        while (_heap.Count > 0)
        {
            _heap.Pop().Release();
        }

        Volatile.Write(ref _count, 0);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A paced stream failed on the scheduler thread; it leaves the schedule.")]
    private partial void LogStreamFailed(Exception exception);
}
