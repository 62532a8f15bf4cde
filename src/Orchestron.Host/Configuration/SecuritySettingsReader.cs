using System.Net;

namespace Orchestron.Host.Configuration;

/// <summary>Reads the <see cref="SecuritySettings"/> and checks them against each other and the listen address.</summary>
internal static class SecuritySettingsReader
{
    private static readonly string[] LoopbackNames = ["localhost", "127.0.0.1", "[::1]"];

    public static SecurityOptions Read(SettingReader reader, ServerOptions server, IReadOnlyList<string> corsOrigins)
    {
        var allowNetworkCsd = reader.Boolean(SecuritySettings.AllowNetworkCsd, false);
        var operatorToken = OperatorToken(reader);
        var allowedHosts = AllowedHosts(reader, server.Host);
        var rateLimits = new RateLimitOptions(
            Rate(reader, SecuritySettings.CreatesPerMinute, SecuritySettings.DefaultCreatesPerMinute),
            Rate(reader, SecuritySettings.StartsPerMinute, SecuritySettings.DefaultStartsPerMinute),
            Rate(reader, SecuritySettings.NegotiationsPerMinute, SecuritySettings.DefaultNegotiationsPerMinute),
            Rate(reader, SecuritySettings.ControlRequestsPerMinute, SecuritySettings.DefaultControlRequestsPerMinute));
        var maxListeners = reader.Integer(
            SecuritySettings.MaxListenersPerSession, SecuritySettings.DefaultMaxListenersPerSession, 1, 1000);

        if (allowNetworkCsd && operatorToken is null && reader.Raw(SecuritySettings.OperatorToken) is null)
        {
            reader.Problems.Add($"{SecuritySettings.AllowNetworkCsd.EnvironmentVariable} is true but "
                + $"{SecuritySettings.OperatorToken.EnvironmentVariable} is not set; accepted: network CSD only together with an operator token.");
        }

        if (allowNetworkCsd && corsOrigins.Contains(CorsOrigin.Any))
        {
            reader.Problems.Add($"{OrchestronSettings.CorsOrigins.EnvironmentVariable} is * while "
                + $"{SecuritySettings.AllowNetworkCsd.EnvironmentVariable} is true; accepted: a list of trusted origins when network CSD is enabled.");
        }

        return new SecurityOptions(allowNetworkCsd, operatorToken, allowedHosts, rateLimits, maxListeners)
        {
            TrustedProxies = TrustedProxies(reader),
            LibraryIsolation = reader.Isolation(SecuritySettings.Isolation, SessionIsolation.InProcess),
        };
    }

    /// <summary>The names a host bound to <paramref name="listenHost"/> is addressed by unless the operator says otherwise.</summary>
    public static IReadOnlyList<string> DefaultAllowedHosts(string listenHost)
    {
        if (listenHost.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return LoopbackNames;
        }

        if (!IPAddress.TryParse(listenHost, out var address))
        {
            return [listenHost];
        }

        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            // Every interface: the names are the operator's to know; help and docs/security.md ask them to set the list.
            return ["*"];
        }

        var literal = HostLiteral(address);
        return IPAddress.IsLoopback(address)
            ? [.. LoopbackNames.Union([literal], StringComparer.OrdinalIgnoreCase)]
            : [literal];
    }

    private static string? OperatorToken(SettingReader reader)
    {
        var raw = reader.Raw(SecuritySettings.OperatorToken);
        if (raw is null)
        {
            return null;
        }

        if (raw.Value.Length < SecuritySettings.MinOperatorTokenLength || raw.Value.Any(char.IsWhiteSpace))
        {
            // Never echo a secret into logs, even a rejected one.
            reader.Problems.Add($"{raw.Name} is set to a value of {raw.Value.Length} characters; accepted: {SecuritySettings.OperatorToken.Accepted}.");
            return null;
        }

        return raw.Value;
    }

    private static IReadOnlyList<string> AllowedHosts(SettingReader reader, string listenHost)
    {
        var raw = reader.Raw(SecuritySettings.AllowedHosts);
        if (raw is null)
        {
            return DefaultAllowedHosts(listenHost);
        }

        if (!TextList.TryParse(raw.Value, out var items, out var listError))
        {
            reader.Problems.Add(raw.Invalid(listError));
            return [];
        }

        var hosts = new List<string>();
        foreach (var item in items)
        {
            if (!TryNormalizeHost(item, out var host))
            {
                reader.Problems.Add(raw.Invalid($"'{item}' is not a host name or address"));
                return [];
            }

            hosts.Add(host);
        }

        if (hosts.Count == 0)
        {
            reader.Problems.Add(raw.Invalid("the list is empty"));
        }

        return hosts.Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
    }

    private static IReadOnlyList<IPNetwork> TrustedProxies(SettingReader reader)
    {
        var raw = reader.Raw(SecuritySettings.TrustedProxies);
        if (raw is null)
        {
            return [];
        }

        if (!TextList.TryParse(raw.Value, out var items, out var listError))
        {
            reader.Problems.Add(raw.Invalid(listError));
            return [];
        }

        var networks = new List<IPNetwork>();
        foreach (var item in items)
        {
            // A bare address is a network of one; shorthand such as "10.1" is refused, as for the public address.
            var text = item.Contains('/', StringComparison.Ordinal) ? item : item + (item.Contains(':', StringComparison.Ordinal) ? "/128" : "/32");
            var address = text[..text.IndexOf('/', StringComparison.Ordinal)];
            var fullForm = address.Contains(':', StringComparison.Ordinal) || address.Count(c => c == '.') == 3;
            if (!fullForm || !IPNetwork.TryParse(text, out var network))
            {
                reader.Problems.Add(raw.Invalid($"'{item}' is not an IP address or a CIDR network"));
                return [];
            }

            networks.Add(network);
        }

        if (networks.Count == 0)
        {
            reader.Problems.Add(raw.Invalid("the list is empty"));
        }

        return networks;
    }

    private static bool TryNormalizeHost(string item, out string host)
    {
        host = item;
        if (item == "*")
        {
            return true;
        }

        var bare = item.StartsWith('[') && item.EndsWith(']') ? item[1..^1] : item;
        if (IPAddress.TryParse(bare, out var address) && (bare.Contains(':', StringComparison.Ordinal) || bare.Count(c => c == '.') == 3))
        {
            host = HostLiteral(address);
            return true;
        }

        var name = item.StartsWith("*.", StringComparison.Ordinal) ? item[2..] : item;
        return Uri.CheckHostName(name) == UriHostNameType.Dns;
    }

    /// <summary>The address as it appears in a Host header: IPv6 in brackets.</summary>
    private static string HostLiteral(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();

    private static int Rate(SettingReader reader, SettingDefinition setting, int fallback) =>
        reader.Integer(setting, fallback, 0, 1_000_000);
}
