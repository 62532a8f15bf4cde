namespace Orchestron.Host.Configuration;

/// <summary>Where the HTTP server listens.</summary>
/// <param name="Host">An IP address or host name; <c>0.0.0.0</c> listens on every IPv4 interface.</param>
/// <param name="Port">The TCP port; 0 lets the operating system pick a free one.</param>
public sealed record ServerOptions(string Host, int Port)
{
    /// <summary>The URL Kestrel binds, with IPv6 literals in brackets.</summary>
    public string ListenUrl => Host.Contains(':', StringComparison.Ordinal)
        ? $"http://[{Host}]:{Port}"
        : $"http://{Host}:{Port}";
}
