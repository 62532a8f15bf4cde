namespace Orchestron.Host.Configuration;

/// <summary>
/// One entry of an <c>RTCConfiguration.iceServers</c> list: STUN or TURN URLs with optional credentials.
/// </summary>
/// <param name="Urls">One or more <c>stun:</c>, <c>stuns:</c>, <c>turn:</c> or <c>turns:</c> URLs.</param>
/// <param name="Username">The TURN username, or null for STUN.</param>
/// <param name="Credential">The TURN password, or null for STUN.</param>
public sealed record IceServer(IReadOnlyList<string> Urls, string? Username = null, string? Credential = null);
