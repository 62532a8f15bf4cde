namespace Orchestron.Host.Api;

/// <summary>The body of <c>GET /api/health</c>.</summary>
/// <param name="Status">Always <c>ok</c> while the host serves requests.</param>
/// <param name="Replica">The host's replica id behind a load balancer; left out when it has none.</param>
/// <param name="Sessions">Sessions held now, counting creates still compiling.</param>
/// <param name="MaxSessions">The most sessions the host keeps; with <paramref name="Sessions"/>, its load.</param>
public sealed record HealthResponse(string Status, string? Replica, int Sessions, int MaxSessions);
