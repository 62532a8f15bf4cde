namespace Orchestron.Streaming.DependencyInjection;

/// <summary>Where the streams <see cref="ICsoundStreamFactory"/> makes send their audio.</summary>
public enum CsoundStreamOutput
{
    /// <summary>To WebRTC listeners, paced by the engine: <see cref="CsoundWebRtcStream"/> or <see cref="Sandbox.SandboxedCsoundStream"/>.</summary>
    WebRtc,

    /// <summary>
    /// To the machine's audio device, which is then the clock: <see cref="CsoundDevicePerformance"/>. The registered
    /// Csound instance options must name a realtime output; sandboxed code cannot play this way.
    /// </summary>
    Device,
}
