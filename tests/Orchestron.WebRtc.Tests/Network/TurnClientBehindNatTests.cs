using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Orchestron.Testing.Network;
using Orchestron.WebRtc.Tests.Support;
using Orchestron.WebRtc.Turn;

namespace Orchestron.WebRtc.Tests.Network;

/// <summary>
/// The TURN client where a host behind NAT needs it: the client in a "home" namespace behind a masquerading
/// "router", Debian's coturn in "internet", a peer in "listener". Every namespace has a route to every other, so
/// only the router's NAT keeps the listener from reaching the home directly; through the relay, data flows both
/// ways.
/// </summary>
public sealed class TurnClientBehindNatTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    [NetworkNamespaceFact]
    public async Task Behind_a_masquerading_router_the_relay_carries_data_both_ways_and_nothing_reaches_home_directly()
    {
        using var nat = await HomeBehindNatNetwork.CreateAsync(TurnTestFiles.DeploymentConfiguration);
        var (network, home, router, listener) = (nat.Network, nat.Home, nat.Router, nat.Listener);
        var (homeLink, upLink, listenerLink) = (nat.HomeLink, nat.UpLink, nat.ListenerLink);
        var (coturn, credentials) = (nat.Coturn, nat.Credentials);
        var received = new BlockingCollection<(IPEndPoint Peer, byte[] Data)>();
        using var client = home.CreateInside(() => new TurnClient(
            new IPEndPoint(upLink.SecondAddress, NamespacedCoturn.Port), homeLink.FirstAddress,
            credentials.Username, credentials.Credential, (peer, data) => received.Add((peer, data.ToArray()))));
        using var peer = listener.CreateInside(() => Bound(listenerLink.SecondAddress));
        using var homeSocket = home.CreateInside(() => Bound(homeLink.FirstAddress));
        var peerAddress = (IPEndPoint)peer.LocalEndPoint!;

        var allocation = await client.AllocateAsync();
        await client.AddPeerAsync(peerAddress);

        // coturn saw the router's outside address, not the home's: the server-reflexive address is the NAT's.
        Assert.Equal(upLink.FirstAddress, allocation.MappedAddress.Address);
        Assert.Equal(listenerLink.FirstAddress, allocation.RelayedAddress.Address);

        Assert.True(client.Send(peerAddress, "from home"u8));
        var buffer = new byte[64];
        peer.ReceiveTimeout = (int)Patience.TotalMilliseconds;
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        var length = peer.ReceiveFrom(buffer, ref from);
        Assert.Equal(allocation.RelayedAddress, from);
        Assert.Equal("from home"u8.ToArray(), buffer[..length]);

        peer.SendTo("from the listener"u8, allocation.RelayedAddress);
        Assert.True(received.TryTake(out var back, Patience), $"Nothing came back through the relay. coturn log:\n{coturn.ReadLog()}");
        Assert.Equal(peerAddress, back.Peer);
        Assert.Equal("from the listener"u8.ToArray(), back.Data);

        // No direct path: a datagram from the listener to the home's own address is routed as far as the router,
        // whose NAT drops it, and never arrives.
        var unsolicitedBefore = router.CountUnsolicitedInbound();
        peer.SendTo("straight to home"u8, homeSocket.LocalEndPoint!);
        homeSocket.ReceiveTimeout = 500;
        Assert.Throws<SocketException>(() => homeSocket.Receive(buffer));
        Assert.Equal(unsolicitedBefore + 1, router.CountUnsolicitedInbound());
    }

    private static Socket Bound(IPAddress address)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(address, 0));
        return socket;
    }
}
