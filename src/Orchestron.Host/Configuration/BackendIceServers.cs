using System.Globalization;

namespace Orchestron.Host.Configuration;

/// <summary>
/// What the host's own WebRTC transport does with the backend ICE server list: at most one STUN server (a
/// server-reflexive candidate) and at most one TURN server over UDP (a relayed candidate), in any combination.
/// </summary>
/// <param name="Stun">The STUN server, or null.</param>
/// <param name="Turn">The TURN server, or null.</param>
public sealed record BackendIceServers(BackendStunServer? Stun, BackendTurnServer? Turn)
{
    /// <summary>Nothing configured: host candidates only.</summary>
    public static readonly BackendIceServers None = new(null, null);

    /// <summary>
    /// Reads <paramref name="servers"/>: <c>stun:host[:port]</c> and <c>turn:host[:port][?transport=udp]</c> URLs,
    /// at most one of each, in one entry or two. What the transport cannot use (<c>stuns:</c>, <c>turns:</c>, TURN
    /// over TCP, a second server of a kind) is refused with <paramref name="problem"/> saying why.
    /// </summary>
    public static bool TryCreate(IReadOnlyList<IceServer> servers, out BackendIceServers result, out string? problem)
    {
        result = None;
        problem = null;
        BackendStunServer? stun = null;
        BackendTurnServer? turn = null;
        foreach (var entry in servers)
        {
            foreach (var url in entry.Urls)
            {
                var scheme = url.StartsWith("stun:", StringComparison.OrdinalIgnoreCase) ? "stun:"
                    : url.StartsWith("turn:", StringComparison.OrdinalIgnoreCase) ? "turn:"
                    : null;
                if (scheme is null)
                {
                    problem = $"'{url}' cannot be used: the host reaches one STUN server (stun:host:port) and one TURN server over UDP (turn:host:port), and takes no stuns: or turns: URL";
                    return false;
                }

                if (!TryParse(url, scheme, out var host, out var port, out var error))
                {
                    problem = $"'{url}' cannot be used: {error}";
                    return false;
                }

                if (scheme == "stun:")
                {
                    if (stun is not null)
                    {
                        problem = "the host asks one STUN server; list at most one stun: URL";
                        return false;
                    }

                    stun = new BackendStunServer(host, port);
                    continue;
                }

                if (turn is not null)
                {
                    problem = "the host's relay uses one TURN server; list at most one turn: URL";
                    return false;
                }

                turn = new BackendTurnServer(host, port, entry.Username, entry.Credential) { Secret = entry.Secret };
            }
        }

        result = new BackendIceServers(stun, turn);
        return true;
    }

    private static bool TryParse(string url, string scheme, out string host, out int port, out string? error)
    {
        host = "";
        port = BackendTurnServer.DefaultPort;
        error = null;
        var rest = url[scheme.Length..];
        var query = rest.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            var parameters = rest[(query + 1)..];
            rest = rest[..query];
            if (scheme == "stun:" || !string.Equals(parameters, "transport=udp", StringComparison.OrdinalIgnoreCase))
            {
                error = scheme == "stun:"
                    ? "a stun: URL takes no parameters"
                    : "the host's relay speaks to its TURN server over UDP only (?transport=udp or nothing)";
                return false;
            }
        }

        var colon = rest.LastIndexOf(':');
        if (colon >= 0)
        {
            if (!int.TryParse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
            {
                error = "the port is not a number from 1 to 65535";
                return false;
            }

            rest = rest[..colon];
        }

        if (rest.Length == 0 || rest.Contains('[', StringComparison.Ordinal))
        {
            error = "it names no IPv4 address or DNS name";
            return false;
        }

        host = rest;
        return true;
    }
}
