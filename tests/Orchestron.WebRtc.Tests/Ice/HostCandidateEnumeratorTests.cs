using System.Net;
using Orchestron.WebRtc.Ice;

namespace Orchestron.WebRtc.Tests.Ice;

public sealed class HostCandidateEnumeratorTests
{
    [Fact]
    public void Public_address_comes_first_with_the_highest_priority_and_sdp_form()
    {
        var options = new HostCandidateOptions();
        options.PublicAddresses.Add(IPAddress.Parse("203.0.113.7"));
        IPAddress[] interfaces = [IPAddress.Parse("172.17.0.2"), IPAddress.Loopback, IPAddress.Parse("fe80::1"), IPAddress.Parse("2001:db8::5")];

        var candidates = HostCandidateEnumerator.FromAddresses(50000, [.. options.PublicAddresses, .. interfaces], options);

        Assert.Equal(["203.0.113.7", "172.17.0.2", "2001:db8::5"], candidates.Select(c => c.Address.ToString()));
        Assert.Equal("candidate:1 1 udp 2130706431 203.0.113.7 50000 typ host", candidates[0].ToSdpAttributeValue());
        Assert.True(candidates[0].Priority > candidates[1].Priority);
        Assert.True(candidates[1].Priority > candidates[2].Priority);
    }

    [Fact]
    public void Loopback_is_included_only_when_asked()
    {
        var options = new HostCandidateOptions { IncludeLoopback = true, IncludeIPv6 = false };

        var candidates = HostCandidateEnumerator.FromAddresses(4000, [IPAddress.Loopback, IPAddress.IPv6Loopback, IPAddress.Parse("2001:db8::5")], options);

        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], candidates.Select(c => c.Address));
    }

    [Fact]
    public void Machine_interfaces_with_loopback_yield_at_least_the_loopback_candidate()
    {
        var candidates = HostCandidateEnumerator.Enumerate(5000, new HostCandidateOptions { IncludeLoopback = true });

        Assert.Contains(candidates, c => c.Address.Equals(IPAddress.Loopback));
        Assert.All(candidates, c => Assert.Equal(5000, c.Port));
        Assert.Equal(candidates.Count, candidates.Select(c => c.Address).Distinct().Count());
    }

    [Fact]
    public void Host_priority_follows_rfc_8445_formula()
    {
        Assert.Equal((126u << 24) + (65535u << 8) + 255u, IceCandidate.HostPriority(65535));
    }
}
