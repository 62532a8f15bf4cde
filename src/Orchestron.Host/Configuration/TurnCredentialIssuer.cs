using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orchestron.Host.Configuration;

/// <summary>
/// Issues time-limited TURN credentials by the TURN REST scheme that coturn's <c>use-auth-secret</c> checks:
/// the username is <c>&lt;unix expiry time&gt;:orchestron</c> and the password is
/// base64(HMAC-SHA1(secret, username)), so the TURN server verifies it without any shared state but the secret.
/// </summary>
public sealed class TurnCredentialIssuer(TurnOptions options, TimeProvider clock)
{
    /// <summary>The user part after the expiry; coturn only checks the expiry.</summary>
    public const string UserName = "orchestron";

    /// <summary>A fresh ICE server entry for the TURN URLs, valid for the configured lifetime from now.</summary>
    public IceServer Issue()
    {
        var expiry = clock.GetUtcNow().Add(options.CredentialLifetime).ToUnixTimeSeconds();
        var username = expiry.ToString(CultureInfo.InvariantCulture) + ":" + UserName;
        var mac = HMACSHA1.HashData(Encoding.UTF8.GetBytes(options.Secret), Encoding.UTF8.GetBytes(username));
        return new IceServer(options.Urls, username, Convert.ToBase64String(mac));
    }
}
