using System.Globalization;

namespace Orchestron.Host.Configuration;

/// <summary>
/// The TURN server the host's own WebRTC transport allocates a relay on, read from the backend ICE server list:
/// one <c>turn:</c> URL over UDP with long-term credentials (TURN REST credentials made from a coturn secret are
/// long-term credentials too).
/// </summary>
/// <param name="Host">The server's IP address or DNS name.</param>
/// <param name="Port">Its UDP port.</param>
/// <param name="Username">The long-term user name.</param>
/// <param name="Credential">The long-term password.</param>
public sealed record BackendTurnServer(string Host, int Port, string Username, string Credential)
{
    /// <summary>The TURN port when a URL names none.</summary>
    public const int DefaultPort = 3478;

    /// <summary>
    /// Picks the TURN server out of <paramref name="servers"/>: null for an empty list; otherwise exactly one
    /// <c>turn:</c> URL over UDP, and no URL the host cannot use (<c>stun:</c> alone, <c>turns:</c>, TCP), each
    /// refused with <paramref name="problem"/> saying why.
    /// </summary>
    public static bool TryCreate(IReadOnlyList<IceServer> servers, out BackendTurnServer? server, out string? problem)
    {
        server = null;
        problem = null;
        foreach (var entry in servers)
        {
            foreach (var url in entry.Urls)
            {
                if (!url.StartsWith("turn:", StringComparison.OrdinalIgnoreCase))
                {
                    problem = $"'{url}' cannot be used: the host's relay reaches one TURN server over UDP (turn:host:port), and takes no stun:, stuns: or turns: URL";
                    return false;
                }

                if (!TryParse(url, out var host, out var port, out var error))
                {
                    problem = $"'{url}' cannot be used: {error}";
                    return false;
                }

                if (server is not null)
                {
                    problem = "the host's relay uses one TURN server; list exactly one turn: URL";
                    return false;
                }

                server = new BackendTurnServer(host, port, entry.Username!, entry.Credential!);
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override string ToString() => $"BackendTurnServer {{ turn:{Host}:{Port}, Username = {Username}, Credential = *** }}";

    private static bool TryParse(string url, out string host, out int port, out string? error)
    {
        host = "";
        port = DefaultPort;
        error = null;
        var rest = url["turn:".Length..];
        var query = rest.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            var parameters = rest[(query + 1)..];
            rest = rest[..query];
            if (!string.Equals(parameters, "transport=udp", StringComparison.OrdinalIgnoreCase))
            {
                error = "the host's relay speaks to its TURN server over UDP only (?transport=udp or nothing)";
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
