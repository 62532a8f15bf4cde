namespace Orchestron.Host.Api;

/// <summary>The body of <c>GET /api/health</c>.</summary>
/// <param name="Status">Always <c>ok</c> while the host serves requests.</param>
/// <param name="Replica">The host's replica id behind a load balancer; left out when it has none.</param>
/// <param name="Sessions">Sessions held now, counting creates still compiling.</param>
/// <param name="MaxSessions">The most sessions the host keeps; with <paramref name="Sessions"/>, its load.</param>
public sealed record HealthResponse(string Status, string? Replica, int Sessions, int MaxSessions)
{
    /// <summary>The backend STUN and TURN servers' state; left out without them or before the first stream opened the transport.</summary>
    public BackendIceHealth? BackendIce { get; init; }
}

/// <summary>Where the backend ICE servers stand; each field is left out when it does not apply.</summary>
/// <param name="Relay">The relay on the TURN server: <c>allocated</c>, <c>allocating</c> or <c>failed</c> (a new allocation follows).</param>
/// <param name="RelayError">Why the relay's newest allocation failed.</param>
/// <param name="ServerReflexive">The address the STUN server last saw the transport as, <c>address:port</c>.</param>
/// <param name="ServerReflexiveError">Why the last request to the STUN server failed.</param>
public sealed record BackendIceHealth(string? Relay, string? RelayError, string? ServerReflexive, string? ServerReflexiveError);
