using System.Net;
using Orchestron.WebRtc.Turn;

namespace Orchestron.WebRtc.Transport;

/// <summary>
/// A TURN server through which the transport offers a relayed candidate (a host behind NAT is reachable there):
/// its UDP address and long-term credentials (for a TURN REST secret, make them with <see cref="TurnRestCredentials"/>).
/// </summary>
/// <param name="Server">The TURN server's UDP address.</param>
/// <param name="Username">The long-term user name.</param>
/// <param name="Password">The long-term password.</param>
public sealed record TurnRelayOptions(IPEndPoint Server, string Username, string Password)
{
    /// <summary>Timeouts and refresh period of the client.</summary>
    public TurnClientOptions Client { get; init; } = new();
}
