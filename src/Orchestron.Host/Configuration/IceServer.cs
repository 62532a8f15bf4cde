namespace Orchestron.Host.Configuration;

/// <summary>
/// One entry of an <c>RTCConfiguration.iceServers</c> list: STUN or TURN URLs with optional credentials, or, in the
/// backend's list only, the TURN server's shared secret from which the host makes its own credentials.
/// </summary>
/// <param name="Urls">One or more <c>stun:</c>, <c>stuns:</c>, <c>turn:</c> or <c>turns:</c> URLs.</param>
/// <param name="Username">The TURN username, or null for STUN or a shared secret.</param>
/// <param name="Credential">The TURN password, or null for STUN or a shared secret.</param>
/// <param name="Secret">The TURN REST shared secret (coturn's <c>static-auth-secret</c>), or null.</param>
public sealed record IceServer(IReadOnlyList<string> Urls, string? Username = null, string? Credential = null, string? Secret = null)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"IceServer {{ Urls = [{string.Join(", ", Urls)}], Username = {Username}, Credential = {(Credential is null ? "" : "***")}, Secret = {(Secret is null ? "" : "***")} }}";
}
