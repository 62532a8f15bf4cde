namespace Orchestron.Host.Api;

/// <summary>The body of <c>GET /api/health</c>.</summary>
/// <param name="Status">Always <c>ok</c> while the host serves requests.</param>
public sealed record HealthResponse(string Status);
