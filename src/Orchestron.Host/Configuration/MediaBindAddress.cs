using System.Net;
using System.Net.Sockets;

namespace Orchestron.Host.Configuration;

/// <summary>Where the media socket binds, given where HTTP binds.</summary>
internal static class MediaBindAddress
{
    /// <summary>
    /// Media binds where HTTP binds: a host serving one IPv4 address (loopback included) streams from that
    /// address only, so ICE replies leave from the address checks arrive at; a host serving every interface
    /// (or a name or an IPv6 address) advertises every IPv4 interface and the configured public address.
    /// </summary>
    public static IPAddress For(string httpHost)
    {
        if (string.Equals(httpHost, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.Loopback;
        }

        return IPAddress.TryParse(httpHost, out var address) && address.AddressFamily == AddressFamily.InterNetwork
            ? address
            : IPAddress.Any;
    }
}
