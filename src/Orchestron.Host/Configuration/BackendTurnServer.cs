namespace Orchestron.Host.Configuration;

/// <summary>
/// The TURN server the host's own WebRTC transport allocates a relay on, from the backend ICE server list: one
/// <c>turn:</c> URL over UDP with either fixed long-term credentials or the server's TURN REST shared secret.
/// </summary>
/// <param name="Host">The server's IP address or DNS name.</param>
/// <param name="Port">Its UDP port.</param>
/// <param name="Username">The long-term user name; null with a shared secret.</param>
/// <param name="Credential">The long-term password; null with a shared secret.</param>
public sealed record BackendTurnServer(string Host, int Port, string? Username, string? Credential)
{
    /// <summary>The TURN port when a URL names none.</summary>
    public const int DefaultPort = 3478;

    /// <summary>
    /// How long the credentials the host makes from <see cref="Secret"/> are valid. They are made anew for every
    /// Allocate, and an allocation is refreshed under the user name it was made with for as long as the host runs
    /// (coturn checks the expiry at Allocate only), so the lifetime bounds only how long a leaked pair is of use.
    /// </summary>
    public static readonly TimeSpan SecretCredentialLifetime = TimeSpan.FromDays(1);

    /// <summary>The TURN REST shared secret (coturn's <c>static-auth-secret</c>); null with fixed credentials.</summary>
    public string? Secret { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        $"BackendTurnServer {{ turn:{Host}:{Port}, " + (Secret is null ? $"Username = {Username}, Credential = *** }}" : "Secret = *** }");
}
