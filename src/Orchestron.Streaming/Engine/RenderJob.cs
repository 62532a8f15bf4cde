using Orchestron.Streaming.Audio;

namespace Orchestron.Streaming.Engine;

/// <summary>
/// One session's renderer as a <see cref="RenderPool"/> sees it: a source that renders a block at a time into
/// its queue without ever waiting, claimed by one worker at a time.
/// </summary>
/// <remarks>
/// The claim is what keeps a session's audio in order when it moves from one worker to another: the queue's
/// producer side is only ever touched under it, and taking and releasing it are full fences, so each worker
/// sees everything the previous one wrote.
/// </remarks>
internal abstract class RenderJob
{
    /// <summary>Above any queue's capacity in floats (at most 500 frames of 20 ms, 960,000 floats).</summary>
    private const int ListenedBand = 1 << 24;

    private int _claimed;
    private int _runRequested;
    private int _ended;
    private RenderPool? _pool;

    protected RenderJob(AudioFrameQueue queue)
    {
        Queue = queue;
        LeadSamples = queue.RenderLeadFrames * queue.FrameLength;

        // The pacer taking a frame is what makes the queue want audio again: wake a sleeping worker then.
        queue.SetFrameTakenHook(() => Volatile.Read(ref _pool)?.Wake());
    }

    internal AudioFrameQueue Queue { get; }

    /// <summary>The session's CPU use on the pool and its budget.</summary>
    internal RenderShareMeter Meter { get; } = new();

    internal int LeadSamples { get; }

    internal bool HasEnded => Volatile.Read(ref _ended) != 0;

    internal bool IsClaimed => Volatile.Read(ref _claimed) != 0;

    internal bool RunIsRequested => Volatile.Read(ref _runRequested) != 0;

    /// <summary>How far the queue is below its lead, in floats (comparable across sessions: all are 48 kHz stereo).</summary>
    internal int Deficit => LeadSamples - Queue.QueuedSamples;

    /// <summary>
    /// How much the queue wants audio, for choosing which job a worker renders next: a queue below its lead ranks
    /// by how far below, above every queue that only deepens while nobody listens to it (those rank by the room
    /// left); 0 or less when it wants nothing.
    /// </summary>
    internal int Need
    {
        get
        {
            // Below the lead in force: a lead whose render window is shut wants nothing until the pacer opens it.
            var queued = Queue.QueuedSamples;
            var belowLead = Math.Min(LeadSamples, Queue.LeadNowSamples) - queued;
            return belowLead > 0 ? ListenedBand + belowLead : Queue.LeadNowSamples - queued;
        }
    }

    internal void AttachTo(RenderPool pool) => Volatile.Write(ref _pool, pool);

    internal bool TryClaim() => Interlocked.CompareExchange(ref _claimed, 1, 0) == 0;

    internal void ReleaseClaim() => Interlocked.Exchange(ref _claimed, 0);

    internal bool TakeRunRequest() => Interlocked.Exchange(ref _runRequested, 0) != 0;

    internal void MarkEnded() => Volatile.Write(ref _ended, 1);

    /// <summary>From any thread: the source has work that should run soon even if its queue is full.</summary>
    internal void RequestRun()
    {
        Interlocked.Exchange(ref _runRequested, 1);
        Volatile.Read(ref _pool)?.Wake();
    }

    /// <summary>Renders one block into <see cref="Queue"/> without waiting; false once the source has ended.</summary>
    internal abstract bool RenderBlock();

    /// <summary>Runs work that was asked for with <see cref="RequestRun"/>, without rendering; false once the source has ended.</summary>
    internal abstract bool RunPendingWork();

    /// <summary>The pool is shutting down with this job still on it: end it on the calling thread.</summary>
    internal abstract void Abandon();

    /// <summary>
    /// Claim holder: the session stayed over its CPU share; end it as failed, with <paramref name="reason"/>, on the
    /// calling thread. The pool stops rendering it either way.
    /// </summary>
    internal virtual void Fail(string reason)
    {
    }
}
