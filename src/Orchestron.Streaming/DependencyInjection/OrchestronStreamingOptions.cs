using Orchestron.Streaming.Audio;
using Orchestron.Streaming.Engine;
using Orchestron.Streaming.Sandbox;
using Orchestron.WebRtc;
using Orchestron.WebRtc.Transport;

namespace Orchestron.Streaming.DependencyInjection;

/// <summary>
/// What <c>services.AddOrchestronStreaming(...)</c> configures: the audio path's frame size and queue depths, each
/// stream's sender (encoder, listener cap), the WebRTC server's UDP port and candidates, the engine that paces and
/// renders every stream, how sandboxed workers are launched, and where the streams' audio goes. All are validated
/// when the application starts.
/// </summary>
public sealed class OrchestronStreamingOptions
{
    /// <summary>Frame size and queue depths for every stream (the <c>VISUALCSOUND_WEBRTC_AUDIO_*</c> settings).</summary>
    public StreamingAudioOptions Audio { get; set; } = new();

    /// <summary>
    /// Each stream's <see cref="WebRtcAudioSender"/>: the Opus settings, RTP redundancy (RED) for browsers that offer
    /// it, and the most listeners a stream serves at once. The stream runs with a copy whose Opus frame duration is the pacer's.
    /// </summary>
    public WebRtcAudioSenderOptions Sender { get; set; } = new();

    /// <summary>The settings of the registered <see cref="UdpMediaTransport"/>.</summary>
    public UdpMediaTransportOptions WebRtc { get; set; } = new();

    /// <summary>The registered <see cref="StreamingEngine"/>'s render workers and admission.</summary>
    public StreamingEngineOptions Engine { get; set; } = new();

    /// <summary>How the factory launches the workers of <see cref="CsoundIsolation.Sandbox"/> streams.</summary>
    public CsoundSandboxOptions Sandbox { get; set; } = new();

    /// <summary>Where the factory's streams play: to WebRTC listeners (the default) or on the machine's audio device.</summary>
    public CsoundStreamOutput Output { get; set; } = CsoundStreamOutput.WebRtc;
}
