namespace Orchestron.Streaming.Audio;

/// <summary>
/// The time source of a <see cref="QueueAudioTrack"/>: a monotonic tick count and a wait until an
/// absolute tick. The pacer computes every deadline from its start, so a clock never accumulates error
/// from one wait to the next.
/// </summary>
public interface IPacerClock
{
    /// <summary>Ticks per second.</summary>
    long Frequency { get; }

    /// <summary>The current tick count; never decreases.</summary>
    /// <returns>Ticks since an arbitrary origin.</returns>
    long GetTimestamp();

    /// <summary>Returns once <see cref="GetTimestamp"/> has reached <paramref name="deadline"/>, or at once when cancelled.</summary>
    /// <param name="deadline">The absolute tick to wait for.</param>
    /// <param name="cancellationToken">Ends the wait early.</param>
    void WaitUntil(long deadline, CancellationToken cancellationToken);
}
