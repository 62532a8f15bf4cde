using System.Security.Cryptography;
using System.Text;
using Orchestron.Host.Sessions;

namespace Orchestron.Host.Security;

/// <summary>Random bearer secrets, and comparing a presented one without leaking through timing how much of it matched.</summary>
public static class SecretToken
{
    /// <summary>Random bytes per token: 256 bits, far beyond guessing.</summary>
    public const int Bytes = SessionGrant.TokenBytes;

    /// <summary>A new token, made as a session's own are: <see cref="Bytes"/> bytes from the system's cryptographic generator, as lowercase hex.</summary>
    public static string Create() => SessionGrant.NewToken();

    /// <summary>Whether <paramref name="presented"/> equals <paramref name="expected"/>, in time independent of their contents.</summary>
    public static bool Matches(string? presented, string expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        if (presented is null)
        {
            return false;
        }

        // Hashing first gives both sides the same length, so even the length of the secret does not show.
        var presentedHash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var expectedHash = SHA256.HashData(Encoding.UTF8.GetBytes(expected));
        return CryptographicOperations.FixedTimeEquals(presentedHash, expectedHash);
    }
}
