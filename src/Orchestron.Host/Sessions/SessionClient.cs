using System.Net;
using System.Net.Sockets;

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
    public static SessionClient FromAddress(IPAddress? address) => new(PartitionOf(address), false);

    /// <summary>
    /// The partition a client's requests count against: its IPv4 address, or its IPv6 /64 (one machine usually
    /// holds a whole /64, and could otherwise step through addresses to escape its limits).
    /// </summary>
    public static string PartitionOf(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var prefix = address.GetAddressBytes();
        Array.Clear(prefix, 8, 8);
        return new IPAddress(prefix) + "/64";
    }

    /// <inheritdoc />
    public override string ToString() => Key;
}
