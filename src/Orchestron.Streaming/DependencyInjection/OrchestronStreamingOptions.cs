using Orchestron.Streaming.Audio;
using Orchestron.WebRtc;
using Orchestron.WebRtc.Transport;

namespace Orchestron.Streaming.DependencyInjection;

/// <summary>
/// What <c>services.AddOrchestronStreaming(...)</c> configures: the audio path's frame size and queue depths, and
/// the WebRTC server's UDP port and candidates. Both are validated when the application starts.
/// </summary>
public sealed class OrchestronStreamingOptions
{
    /// <summary>Frame size and queue depths for every stream (the <c>VISUALCSOUND_WEBRTC_AUDIO_*</c> settings).</summary>
    public StreamingAudioOptions Audio { get; set; } = new();

    /// <summary>
    /// The settings of every stream's <see cref="WebRtcAudioSender"/>, such as RTP redundancy for browsers that offer
    /// it; the Opus frame duration is always the stream's <see cref="StreamingAudioOptions.FrameMs"/>.
    /// </summary>
    public WebRtcAudioSenderOptions Sender { get; set; } = new();

    /// <summary>The settings of the registered <see cref="UdpMediaTransport"/>.</summary>
    public UdpMediaTransportOptions WebRtc { get; set; } = new();
}
