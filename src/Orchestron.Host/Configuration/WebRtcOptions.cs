namespace Orchestron.Host.Configuration;

/// <summary>ICE servers for the browser (frontend) and for the server's own WebRTC agent (backend).</summary>
/// <param name="FrontendIceServers">ICE servers handed to the browser by <c>/api/runtime-config</c>.</param>
/// <param name="BackendIceServers">
/// ICE servers for the server's own agent: always empty today, since the loader refuses a non-empty list (the
/// ICE-lite sender gathers no server-reflexive or relayed candidates).
/// </param>
public sealed record WebRtcOptions(
    IReadOnlyList<IceServer> FrontendIceServers,
    IReadOnlyList<IceServer> BackendIceServers);
