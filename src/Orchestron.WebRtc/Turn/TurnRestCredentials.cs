using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orchestron.WebRtc.Turn;

/// <summary>
/// Time-limited TURN credentials of the TURN REST scheme, which coturn checks with <c>use-auth-secret</c> and
/// <c>static-auth-secret</c>: the user name is the expiry time in Unix seconds and a label, the password
/// base64(HMAC-SHA1(secret, user name)). A browser gets these instead of a fixed TURN password.
/// </summary>
/// <param name="Username">The user name, <c>&lt;unix expiry&gt;:&lt;label&gt;</c>.</param>
/// <param name="Credential">The password for <paramref name="Username"/>.</param>
/// <param name="ExpiresAt">When the TURN server stops accepting them.</param>
public sealed record TurnRestCredentials(string Username, string Credential, DateTimeOffset ExpiresAt)
{
    /// <summary>The shortest lifetime <see cref="Create"/> accepts.</summary>
    public static readonly TimeSpan MinLifetime = TimeSpan.FromMinutes(1);

    /// <summary>The longest lifetime <see cref="Create"/> accepts.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(7);

    /// <summary>Creates credentials valid for <paramref name="lifetime"/> from now.</summary>
    /// <param name="sharedSecret">The TURN server's <c>static-auth-secret</c>.</param>
    /// <param name="label">Names the user in the TURN server's log, e.g. an application name; no ':'.</param>
    /// <param name="lifetime">How long they are valid; between one minute and seven days.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    /// <exception cref="ArgumentException">The secret is empty, the label empty or holding ':', or the lifetime out of range.</exception>
    public static TurnRestCredentials Create(string sharedSecret, string label, TimeSpan lifetime, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(sharedSecret);
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        if (label.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The label '{label}' holds ':', which separates the expiry from the label in the user name.", nameof(label));
        }

        if (lifetime < MinLifetime || lifetime > MaxLifetime)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, "TURN credentials live between one minute and seven days.");
        }

        var expiresAt = (timeProvider ?? TimeProvider.System).GetUtcNow().Add(lifetime);
        var unixSeconds = expiresAt.ToUnixTimeSeconds();
        var username = unixSeconds.ToString(CultureInfo.InvariantCulture) + ":" + label;
        var mac = HMACSHA1.HashData(Encoding.UTF8.GetBytes(sharedSecret), Encoding.UTF8.GetBytes(username));
        return new TurnRestCredentials(username, Convert.ToBase64String(mac), DateTimeOffset.FromUnixTimeSeconds(unixSeconds));
    }
}
