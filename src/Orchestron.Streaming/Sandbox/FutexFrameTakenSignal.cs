using Orchestron.Streaming.Audio;

namespace Orchestron.Streaming.Sandbox;

/// <summary>
/// The cross-process signal: a 32-bit counter in shared memory that the consumer increments and wakes with a
/// shared (not process-private) futex, and that the producer sleeps on while it still holds the armed value.
/// </summary>
/// <remarks>
/// No spinning: a producer with a full ring is asleep in the kernel until the consumer takes a frame or its wait
/// is cancelled (the cancellation bumps the counter too, so the sleep ends at once).
/// </remarks>
internal sealed unsafe class FutexFrameTakenSignal(int* word) : FrameTakenSignal
{
    internal override int Arm() => Volatile.Read(ref *word);

    internal override bool Wait(int token, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        using (cancellationToken.UnsafeRegister(static state => ((FutexFrameTakenSignal)state!).Signal(), this))
        {
            // Returns at a wake, at once when the counter already moved, or at a signal (EINTR); the caller
            // looks at the ring again in every case.
            Interop.Libc.FutexWait(word, token);
        }

        return !cancellationToken.IsCancellationRequested;
    }

    internal override void Signal()
    {
        Interlocked.Increment(ref *word);
        Interop.Libc.FutexWake(word, 1);
    }

    public override void Dispose()
    {
    }
}
