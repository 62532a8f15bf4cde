namespace Orchestron.Streaming.Audio;

/// <summary>
/// Receives the paced 48 kHz stereo frames of a <c>QueueAudioTrack</c>, on the pacer's thread.
/// </summary>
/// <remarks>
/// The pacer is the session's only clock: it calls <see cref="OnFrame"/> exactly once per frame period,
/// with timestamps that advance by exactly one frame each call, whether the frame holds rendered audio
/// or silence after an underrun. Implementations must not block or allocate: the pacer delivers to every
/// consumer in turn on one thread, so a slow consumer delays the frame for all and shows up as pacing error.
/// An exception from a consumer is logged and the consumer keeps receiving frames.
/// </remarks>
public interface IAudioFrameConsumer
{
    /// <summary>Called once per frame period with one frame of audio.</summary>
    /// <param name="interleavedStereo">
    /// <c>2 * samplesPerChannel</c> interleaved float samples at 48 kHz in [-1, 1], valid only during the call.
    /// </param>
    /// <param name="timestamp">The 48 kHz sample index of the frame's first sample; continuous across calls.</param>
    /// <param name="isSilence">
    /// True when the pacer had no rendered frame and sends silence: an underrun, or a frame period before the
    /// renderer's first frame arrived.
    /// </param>
    void OnFrame(ReadOnlySpan<float> interleavedStereo, long timestamp, bool isSilence);
}
