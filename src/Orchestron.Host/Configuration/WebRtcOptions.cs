namespace Orchestron.Host.Configuration;

/// <summary>ICE servers for the browser (frontend) and for the server's own WebRTC agent (backend).</summary>
/// <param name="FrontendIceServers">ICE servers handed to the browser by <c>/api/runtime-config</c>.</param>
/// <param name="BackendIceServers">
/// ICE servers for the server's own transport: at most one STUN server (a server-reflexive candidate) and one TURN
/// server over UDP (a relayed candidate), read by <see cref="Orchestron.Host.Configuration.BackendIceServers.TryCreate"/>.
/// </param>
public sealed record WebRtcOptions(
    IReadOnlyList<IceServer> FrontendIceServers,
    IReadOnlyList<IceServer> BackendIceServers);
