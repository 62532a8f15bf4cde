using Orchestron.WebRtc.Turn;

namespace Orchestron.Host.Configuration;

/// <summary>
/// Hands browsers the configured TURN URLs with fresh <see cref="TurnRestCredentials"/>, which coturn's
/// <c>use-auth-secret</c> checks with nothing shared but the secret.
/// </summary>
public sealed class TurnCredentialIssuer(TurnOptions options, TimeProvider clock)
{
    /// <summary>The label after the expiry in the user name; coturn only checks the expiry.</summary>
    public const string UserName = "orchestron";

    /// <summary>How long each issued credential stays valid.</summary>
    public TimeSpan CredentialLifetime => options.CredentialLifetime;

    /// <summary>A fresh ICE server entry for the TURN URLs, valid for the configured lifetime from now.</summary>
    public IceServer Issue()
    {
        var credentials = TurnRestCredentials.Create(options.Secret, UserName, options.CredentialLifetime, clock);
        return new IceServer(options.Urls, credentials.Username, credentials.Credential);
    }
}
