namespace Orchestron.Host.Configuration;

/// <summary>Everything the host was configured with, parsed and validated.</summary>
/// <param name="Server">Where the HTTP server listens.</param>
/// <param name="AudioOutputMode">Local device or browser streaming.</param>
/// <param name="Streaming">The streaming pipeline's knobs.</param>
/// <param name="WebRtc">ICE servers, UDP port and public address.</param>
/// <param name="CorsOrigins">Origins allowed to call the API from another site; <c>*</c> allows any.</param>
/// <param name="Csound">Engine defaults for every session.</param>
/// <param name="Turn">The TURN server whose credentials the host issues, or null.</param>
public sealed record OrchestronHostOptions(
    ServerOptions Server,
    AudioOutputMode AudioOutputMode,
    StreamingOptions Streaming,
    WebRtcOptions WebRtc,
    IReadOnlyList<string> CorsOrigins,
    CsoundDefaults Csound,
    TurnOptions? Turn);
