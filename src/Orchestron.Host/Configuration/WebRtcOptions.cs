using System.Net;

namespace Orchestron.Host.Configuration;

/// <summary>ICE settings for the browser (frontend) and for the server's own WebRTC agent (backend).</summary>
/// <param name="FrontendIceServers">ICE servers handed to the browser by <c>/api/runtime-config</c>.</param>
/// <param name="BackendIceServers">ICE servers the server's agent may use.</param>
/// <param name="UdpPort">The one UDP port every peer shares; 0 picks an ephemeral port.</param>
/// <param name="PublicIp">An address announced as an extra host candidate for 1:1 NAT set-ups, or null.</param>
public sealed record WebRtcOptions(
    IReadOnlyList<IceServer> FrontendIceServers,
    IReadOnlyList<IceServer> BackendIceServers,
    int UdpPort,
    IPAddress? PublicIp);
