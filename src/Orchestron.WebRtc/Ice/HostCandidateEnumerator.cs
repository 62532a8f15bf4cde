using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Orchestron.WebRtc.Ice;

/// <summary>Lists the host candidates of one UDP port: configured public addresses, then the machine's interfaces.</summary>
public static class HostCandidateEnumerator
{
    /// <summary>Enumerates the candidates for <paramref name="port"/> on the interfaces that are up.</summary>
    public static IReadOnlyList<IceCandidate> Enumerate(int port, HostCandidateOptions? options = null)
    {
        options ??= new HostCandidateOptions();
        var addresses = new List<IPAddress>(options.PublicAddresses);
        foreach (var networkInterface in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (networkInterface.OperationalStatus is not (OperationalStatus.Up or OperationalStatus.Unknown))
            {
                continue;
            }

            foreach (var unicast in networkInterface.GetIPProperties().UnicastAddresses)
            {
                addresses.Add(unicast.Address);
            }
        }

        return FromAddresses(port, addresses, options);
    }

    /// <summary>Turns <paramref name="addresses"/> into candidates, dropping those <paramref name="options"/> excludes and duplicates.</summary>
    public static IReadOnlyList<IceCandidate> FromAddresses(int port, IEnumerable<IPAddress> addresses, HostCandidateOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, ushort.MaxValue);
        ArgumentNullException.ThrowIfNull(addresses);
        options ??= new HostCandidateOptions();
        var candidates = new List<IceCandidate>();
        var seen = new HashSet<IPAddress>();
        foreach (var address in addresses)
        {
            if (!IsUsable(address, options) || !seen.Add(address))
            {
                continue;
            }

            var index = candidates.Count;
            var localPreference = Math.Max(0, ushort.MaxValue - index);
            candidates.Add(new IceCandidate((index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), IceCandidate.HostPriority(localPreference), address, port));
        }

        return candidates;
    }

    private static bool IsUsable(IPAddress address, HostCandidateOptions options)
    {
        if (IPAddress.IsLoopback(address))
        {
            return options.IncludeLoopback;
        }

        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.Broadcast),
            AddressFamily.InterNetworkV6 => options.IncludeIPv6 && !address.IsIPv6LinkLocal && !address.IsIPv6Multicast
                && !address.IsIPv4MappedToIPv6 && !address.Equals(IPAddress.IPv6Any),
            _ => false,
        };
    }
}
