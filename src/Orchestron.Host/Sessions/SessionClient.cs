using System.Net;
using Orchestron.Host.Security;

namespace Orchestron.Host.Sessions;

/// <summary>
/// Who a session belongs to for the host's fair share: a client address (an IPv4 address or an IPv6 /64), or the
/// operator, whose sessions are the host owner's own and count only against the session cap.
/// </summary>
public sealed record SessionClient
{
    private SessionClient(string key, bool isOperator)
    {
        Key = key;
        IsOperator = isOperator;
    }

    /// <summary>The operator: whoever holds the operator token, and the host's own code.</summary>
    public static SessionClient Operator { get; } = new("operator", true);

    /// <summary>The share key: the address partition, or <c>operator</c>.</summary>
    public string Key { get; }

    /// <summary>Whether this is the operator, held only to the session cap.</summary>
    public bool IsOperator { get; }

    /// <summary>The client at <paramref name="address"/>, counted as the rate limits count it.</summary>
    public static SessionClient FromAddress(IPAddress? address) => new(RateLimitPolicies.ClientPartition(address), false);

    /// <inheritdoc />
    public override string ToString() => Key;
}
