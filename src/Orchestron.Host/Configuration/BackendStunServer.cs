namespace Orchestron.Host.Configuration;

/// <summary>
/// The STUN server the host's own WebRTC transport asks for its server-reflexive address, from the backend ICE
/// server list: one <c>stun:</c> URL (STUN over UDP).
/// </summary>
/// <param name="Host">The server's IP address or DNS name.</param>
/// <param name="Port">Its UDP port.</param>
public sealed record BackendStunServer(string Host, int Port)
{
    /// <summary>The STUN port when a URL names none.</summary>
    public const int DefaultPort = 3478;
}
