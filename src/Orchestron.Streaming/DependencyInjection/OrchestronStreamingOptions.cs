using Orchestron.Streaming.Audio;
using Orchestron.WebRtc;
using Orchestron.WebRtc.Transport;

namespace Orchestron.Streaming.DependencyInjection;

/// <summary>
/// What <c>services.AddOrchestronStreaming(...)</c> configures: the audio path's frame size and queue depths, each
/// stream's sender (encoder, listener cap), and the WebRTC server's UDP port and candidates. All are validated when
/// the application starts.
/// </summary>
public sealed class OrchestronStreamingOptions
{
    /// <summary>Frame size and queue depths for every stream (the <c>VISUALCSOUND_WEBRTC_AUDIO_*</c> settings).</summary>
    public StreamingAudioOptions Audio { get; set; } = new();

    /// <summary>
    /// Each stream's <see cref="WebRtcAudioSender"/>: the Opus settings, RTP redundancy (RED) for browsers that offer
    /// it, and the most listeners a stream serves at once. Pass it to the stream's start; the stream runs with a copy
    /// whose Opus frame duration is the pacer's.
    /// </summary>
    public WebRtcAudioSenderOptions Sender { get; set; } = new();

    /// <summary>The settings of the registered <see cref="UdpMediaTransport"/>.</summary>
    public UdpMediaTransportOptions WebRtc { get; set; } = new();
}
