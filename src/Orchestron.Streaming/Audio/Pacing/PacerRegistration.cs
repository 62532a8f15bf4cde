
namespace Orchestron.Streaming.Audio;

/// <summary>
/// One stream's place in a <see cref="PacerScheduler"/>: its absolute schedule (start + n x period) and the
/// handshake by which its owner stops it.
/// </summary>
/// <remarks>The schedule fields belong to the scheduler thread; only the stop handshake is shared.</remarks>
internal sealed class PacerRegistration(IPacedStream stream) : IDisposable
{
    private readonly ManualResetEventSlim _released = new(false, spinCount: 0);
    private int _stopRequested;

    internal IPacedStream Stream { get; } = stream;

    internal PacerSchedule Schedule;
    internal long Start;
    internal long FrameIndex;
    internal long Deadline;

    /// <summary>When the scheduler next wakes for the stream: its render window's opening, or else its deadline (the heap's key).</summary>
    internal long WakeAt;

    /// <summary>Ticks before each deadline at which the stream's render window opens; 0 for none.</summary>
    internal long RenderWindowTicks;

    /// <summary>True while the next wake-up opens the render window rather than delivering the frame.</summary>
    internal bool WindowPending;

    /// <summary>The millisecond of the scheduler's cycle its frames fall on (for spreading streams over the cycle).</summary>
    internal int Phase;

    /// <summary>Where the scheduler's heap holds it (scheduler thread only).</summary>
    internal int HeapIndex = -1;

    internal bool StopRequested => Volatile.Read(ref _stopRequested) != 0;

    /// <summary>True once the scheduler will never touch the stream again.</summary>
    internal bool IsReleased => _released.IsSet;

    /// <summary>Asks the scheduler to deliver no further frame; it lets go at the stream's next deadline.</summary>
    internal void RequestStop() => Volatile.Write(ref _stopRequested, 1);

    /// <summary>Scheduler side: the stream is out of the schedule for good.</summary>
    internal void Release() => _released.Set();

    /// <summary>Waits until the scheduler has let go: at the stream's next deadline after <see cref="RequestStop"/>.</summary>
    internal void WaitReleased() => _released.Wait();

    public void Dispose() => _released.Dispose();
}
