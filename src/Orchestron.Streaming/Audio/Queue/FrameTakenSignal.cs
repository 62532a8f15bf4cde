namespace Orchestron.Streaming.Audio;

/// <summary>
/// How a paced producer learns that the consumer took a frame: an event within one process, a futex word
/// when the two sides are in different processes.
/// </summary>
/// <remarks>
/// The producer calls <see cref="Arm"/> before its second look at the ring and then <see cref="Wait"/> with the
/// token it got, so a frame taken between the look and the wait is never missed.
/// </remarks>
internal abstract class FrameTakenSignal : IDisposable
{
    /// <summary>Producer side: prepares a wait and returns its token.</summary>
    internal abstract int Arm();

    /// <summary>Producer side: waits until a frame is taken after <see cref="Arm"/> returned <paramref name="token"/>; false when cancelled.</summary>
    internal abstract bool Wait(int token, CancellationToken cancellationToken);

    /// <summary>Consumer side: a frame was taken.</summary>
    internal abstract void Signal();

    public abstract void Dispose();
}
