using Orchestron.Streaming.Audio;
using Orchestron.WebRtc;

namespace Orchestron.Streaming;

/// <summary>
/// Connects a <see cref="WebRtcAudioSender"/> to a <see cref="QueueAudioTrack"/>: each paced frame, with the
/// pacer's own timestamp and silence flag, goes to the sender unchanged.
/// </summary>
/// <remarks>
/// The sender lives in Orchestron.WebRtc, which knows nothing of the pacer; this is the one place the two meet.
/// </remarks>
/// <param name="sender">The sender that encodes and sends each frame.</param>
public sealed class WebRtcSenderFrameConsumer(WebRtcAudioSender sender) : IAudioFrameConsumer
{
    /// <summary>The sender this consumer feeds.</summary>
    public WebRtcAudioSender Sender { get; } = sender ?? throw new ArgumentNullException(nameof(sender));

    /// <inheritdoc/>
    public void OnFrame(ReadOnlySpan<float> interleavedStereo, long timestamp, bool isSilence) =>
        Sender.SendFrame(interleavedStereo, timestamp, isSilence);
}
