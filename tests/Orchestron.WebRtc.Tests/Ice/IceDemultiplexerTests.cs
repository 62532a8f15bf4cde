using System.Net;
using Orchestron.Testing;
using Orchestron.WebRtc.Ice;
using Orchestron.Testing.Allocation;

namespace Orchestron.WebRtc.Tests.Ice;

public sealed class IceDemultiplexerTests
{
    private sealed class Listener(string name)
    {
        public override string ToString() => name;
    }

    private static readonly IPEndPoint Remote = new(IPAddress.Parse("192.168.1.20"), 51000);

    [Fact]
    public void First_contact_is_routed_by_the_local_ufrag_in_username()
    {
        var demux = new IceDemultiplexer<Listener>();
        var first = new Listener("first");
        var second = new Listener("second");
        Assert.True(demux.Register("aaaa1111", first));
        Assert.True(demux.Register("bbbb2222", second));

        Assert.True(demux.TryRoute(BindingRequests.Create("bbbb2222:peer", "x"), Remote, out var routed));
        Assert.Same(second, routed);
    }

    [Fact]
    public void An_address_bound_to_one_listener_cannot_be_claimed_by_another_until_it_unregisters()
    {
        var demux = new IceDemultiplexer<Listener>();
        var holder = new Listener("holder");
        var claimer = new Listener("claimer");
        demux.Register("aaaa1111", holder);
        demux.Register("bbbb2222", claimer);
        byte[] dtls = [22, 0xFE, 0xFD, 0, 0];

        Assert.True(demux.BindEndPoint(Remote, holder));
        Assert.True(demux.BindEndPoint(Remote, holder));
        Assert.False(demux.BindEndPoint(Remote, claimer));
        Assert.True(demux.TryRoute(dtls, Remote, out var routed));
        Assert.Same(holder, routed);

        demux.Unregister(holder);
        Assert.True(demux.BindEndPoint(Remote, claimer));
    }

    [Fact]
    public void Dtls_and_rtp_are_routed_by_bound_endpoint_only()
    {
        var demux = new IceDemultiplexer<Listener>();
        var listener = new Listener("l");
        demux.Register("aaaa1111", listener);
        byte[] dtls = [22, 0xFE, 0xFD, 0, 0];
        byte[] rtcp = [0x80, 200, 0, 6];

        Assert.False(demux.TryRoute(dtls, Remote, out _));
        demux.BindEndPoint(Remote, listener);

        Assert.True(demux.TryRoute(dtls, Remote, out var routed));
        Assert.Same(listener, routed);
        Assert.True(demux.TryRoute(rtcp, new IPEndPoint(IPAddress.Parse("192.168.1.20"), 51000), out _));
        Assert.False(demux.TryRoute(rtcp, new IPEndPoint(IPAddress.Parse("192.168.1.20"), 51001), out _));
    }

    [Fact]
    public void Unknown_ufrag_and_duplicate_registration_are_refused()
    {
        var demux = new IceDemultiplexer<Listener>();
        var listener = new Listener("l");
        Assert.True(demux.Register("aaaa1111", listener));
        Assert.False(demux.Register("aaaa1111", new Listener("other")));

        Assert.False(demux.TryRoute(BindingRequests.Create("cccc3333:peer", "x"), Remote, out _));
    }

    [Fact]
    public void Unregister_removes_ufrag_and_endpoints()
    {
        var demux = new IceDemultiplexer<Listener>();
        var listener = new Listener("l");
        demux.Register("aaaa1111", listener);
        demux.BindEndPoint(Remote, listener);

        demux.Unregister(listener);

        Assert.Equal(0, demux.Count);
        Assert.False(demux.TryRoute(BindingRequests.Create("aaaa1111:peer", "x"), Remote, out _));
        Assert.False(demux.TryRoute([0x80, 0x60, 0, 1], Remote, out _));
    }

    [Fact]
    public void Routing_allocates_nothing()
    {
        var demux = new IceDemultiplexer<Listener>();
        var listener = new Listener("l");
        demux.Register("aaaa1111", listener);
        demux.BindEndPoint(Remote, listener);
        var check = BindingRequests.Create("aaaa1111:peer", "x");
        byte[] rtcp = [0x80, 200, 0, 6];
        demux.TryRoute(check, Remote, out _);
        demux.TryRoute(rtcp, Remote, out _);

        var routed = 0;
        var allocations = AllocationTally.Measure(10_000, iteration =>
        {
            routed += demux.TryRoute(check, Remote, out _) ? 1 : 0;
            routed += demux.TryRoute(rtcp, Remote, out _) ? 1 : 0;
        });

        Assert.True(allocations.Bytes == 0 && allocations.HasEnoughReadings, allocations.Describe());
        Assert.Equal(20_000, routed);
    }

    [Theory]
    [InlineData(0, DatagramKind.Stun)]
    [InlineData(3, DatagramKind.Stun)]
    [InlineData(4, DatagramKind.Unknown)]
    [InlineData(19, DatagramKind.Unknown)]
    [InlineData(20, DatagramKind.Dtls)]
    [InlineData(63, DatagramKind.Dtls)]
    [InlineData(64, DatagramKind.Unknown)]
    [InlineData(127, DatagramKind.Unknown)]
    [InlineData(128, DatagramKind.Rtp)]
    [InlineData(191, DatagramKind.Rtp)]
    [InlineData(192, DatagramKind.Unknown)]
    [InlineData(255, DatagramKind.Unknown)]
    public void First_byte_ranges_follow_rfc_7983(byte first, DatagramKind expected)
    {
        Assert.Equal(expected, DatagramClassifier.Classify([first, 0, 0, 0]));
    }

    [Fact]
    public void Empty_datagram_is_unknown()
    {
        Assert.Equal(DatagramKind.Unknown, DatagramClassifier.Classify([]));
    }
}
