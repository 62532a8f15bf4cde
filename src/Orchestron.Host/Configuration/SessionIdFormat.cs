using System.Security.Cryptography;

namespace Orchestron.Host.Configuration;

/// <summary>
/// The form of session ids and of the replica id they may carry. Behind a load balancer each session lives in
/// one replica's memory, so its id names that replica: the proxy reads the prefix and routes there, with no
/// shared table that a restart could lose.
/// </summary>
public static class SessionIdFormat
{
    /// <summary>The longest replica id accepted.</summary>
    public const int MaxReplicaIdLength = 16;

    /// <summary>Whether <paramref name="text"/> is 1 to <see cref="MaxReplicaIdLength"/> lowercase ASCII letters or digits.</summary>
    /// <remarks>Nothing else, so the id fits unescaped in a URL path, a proxy's regular expression and a server name.</remarks>
    public static bool IsValidReplicaId(string? text) =>
        text is { Length: > 0 and <= MaxReplicaIdLength } && text.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c));

    /// <summary>A new session id: 128 random bits in hex, after <c>&lt;replica&gt;-</c> when the host has a replica id.</summary>
    public static string NewSessionId(string? replica)
    {
        var random = RandomNumberGenerator.GetHexString(32, lowercase: true);
        return replica is null ? random : replica + "-" + random;
    }
}
