namespace Orchestron.Host.Configuration;

/// <summary>ICE servers for the browser (frontend) and for the server's own WebRTC agent (backend).</summary>
/// <param name="FrontendIceServers">ICE servers handed to the browser by <c>/api/runtime-config</c>.</param>
/// <param name="BackendIceServers">ICE servers the server's agent may use.</param>
public sealed record WebRtcOptions(
    IReadOnlyList<IceServer> FrontendIceServers,
    IReadOnlyList<IceServer> BackendIceServers);
