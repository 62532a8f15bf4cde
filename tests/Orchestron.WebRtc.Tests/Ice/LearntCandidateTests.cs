using System.Net;
using Orchestron.WebRtc.Ice;

namespace Orchestron.WebRtc.Tests.Ice;

public sealed class LearntCandidateTests
{
    private static readonly IPEndPoint Base = IPEndPoint.Parse("192.168.1.20:50000");

    [Fact]
    public void A_relayed_candidate_names_its_base_and_ranks_below_every_host_and_server_reflexive_one()
    {
        var relayed = IceCandidate.Relayed(IPEndPoint.Parse("198.51.100.7:49170"), Base);
        var reflexive = IceCandidate.ServerReflexive(IPEndPoint.Parse("203.0.113.9:61000"), Base);

        // RFC 8445 5.1.2.1: (2^24)*type preference + (2^8)*local preference + (256 - component).
        Assert.Equal("candidate:relay1 1 udp 16777215 198.51.100.7 49170 typ relay raddr 192.168.1.20 rport 50000", relayed.ToSdpAttributeValue());
        Assert.Equal("candidate:srflx1 1 udp 1694498815 203.0.113.9 61000 typ srflx raddr 192.168.1.20 rport 50000", reflexive.ToSdpAttributeValue());
        Assert.True(relayed.Priority < reflexive.Priority);
        Assert.True(reflexive.Priority < IceCandidate.HostPriority(0));
    }
}
