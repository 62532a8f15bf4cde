using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Orchestron.Testing;
using Orchestron.WebRtc.Tests.Ice;
using Orchestron.WebRtc.Tests.Support;
using Orchestron.WebRtc.Transport;

namespace Orchestron.WebRtc.Tests.Transport;

/// <summary>The transport on its own: it routes to endpoints it knows only through <see cref="IMediaEndpoint"/>.</summary>
public sealed class UdpMediaTransportTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_check_is_routed_by_its_ufrag_and_later_datagrams_by_the_bound_address()
    {
        using var transport = Loopback();
        var first = new RecordingEndpoint();
        var second = new RecordingEndpoint();
        transport.Register("firstufrag", first);
        transport.Register("secondufrag", second);
        using var peer = Peer();

        Send(peer, transport, BindingRequests.Create("secondufrag:remote", "password"));
        await Eventually.TrueAsync(() => second.Datagrams.Count == 1, Timeout, () => "the check reaching its endpoint");
        Assert.Empty(first.Datagrams);

        // Until an endpoint binds the peer's address, a non-STUN datagram from it belongs to nobody.
        Send(peer, transport, [0x80, 0x6F, 0, 1, 0, 0, 0, 0, 1, 2, 3, 4]);
        await Eventually.TrueAsync(() => transport.DatagramsDropped == 1, Timeout, () => "the unbound datagram dropped");

        transport.BindEndPoint(second.Datagrams.Single().Remote, second);
        Send(peer, transport, [0x81, 200, 0, 1, 9, 9, 9, 9]);
        await Eventually.TrueAsync(() => second.Datagrams.Count == 2, Timeout, () => "the bound datagram reaching its endpoint");
        Assert.Equal((byte)0x81, second.Datagrams.Last().Data[0]);
        Assert.Equal(peer.LocalEndPoint, second.Datagrams.Last().Remote);
    }

    [Fact]
    public async Task An_endpoint_that_throws_costs_one_datagram_and_the_loop_goes_on()
    {
        using var transport = Loopback();
        var endpoint = new RecordingEndpoint { ThrowOnDatagram = true };
        transport.Register("ufrag", endpoint);
        using var peer = Peer();

        Send(peer, transport, BindingRequests.Create("ufrag:remote", "password"));
        await Eventually.TrueAsync(() => transport.DatagramErrors == 1, Timeout, () => "the error counted");

        endpoint.ThrowOnDatagram = false;
        Send(peer, transport, BindingRequests.Create("ufrag:remote", "password"));
        await Eventually.TrueAsync(() => endpoint.Datagrams.Count == 2, Timeout, () => "the next datagram handled");
    }

    [Fact]
    public async Task Registered_endpoints_get_timer_ticks_until_they_unregister()
    {
        using var transport = Loopback();
        var endpoint = new RecordingEndpoint();
        transport.Register("ufrag", endpoint);
        Assert.Equal(1, transport.EndpointCount);

        await Eventually.TrueAsync(() => Volatile.Read(ref endpoint.Ticks) >= 3, Timeout, () => "timer ticks");
        transport.Unregister(endpoint);
        transport.Unregister(endpoint);
        await Task.Delay(100); // a tick already under way may still land
        var ticks = Volatile.Read(ref endpoint.Ticks);
        await Task.Delay(200);

        Assert.Equal(ticks, Volatile.Read(ref endpoint.Ticks));
        Assert.Equal(0, transport.EndpointCount);
    }

    [Fact]
    public void A_taken_ufrag_is_refused_and_a_stopped_transport_takes_no_endpoints()
    {
        var transport = Loopback();
        transport.Register("ufrag", new RecordingEndpoint());
        Assert.Throws<InvalidOperationException>(() => transport.Register("ufrag", new RecordingEndpoint()));

        transport.Dispose();
        Assert.True(transport.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => transport.Register("other", new RecordingEndpoint()));
    }

    [Fact]
    public void Stopping_is_raised_once_while_the_socket_can_still_send()
    {
        var transport = Loopback();
        using var peer = Peer();
        var raised = 0;
        var sentWhileStopping = false;
        transport.Stopping += (_, _) =>
        {
            raised++;
            sentWhileStopping = transport.SendTo([1, 2, 3], (IPEndPoint)peer.LocalEndPoint!);
        };

        transport.Dispose();
        transport.Dispose();

        Assert.Equal(1, raised);
        Assert.True(sentWhileStopping);
        var buffer = new byte[16];
        peer.ReceiveTimeout = 5_000;
        Assert.Equal(3, peer.Receive(buffer));
    }

    private static UdpMediaTransport Loopback() =>
        new(new UdpMediaTransportOptions { BindAddress = IPAddress.Loopback, MaintenanceInterval = TimeSpan.FromMilliseconds(10) });

    private static Socket Peer()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private static void Send(Socket peer, UdpMediaTransport transport, byte[] datagram) =>
        peer.SendTo(datagram, new IPEndPoint(IPAddress.Loopback, transport.Port));

    /// <summary>An endpoint that keeps what it is given.</summary>
    private sealed class RecordingEndpoint : IMediaEndpoint
    {
        public int Ticks;

        public ConcurrentQueue<(byte[] Data, IPEndPoint Remote)> Datagrams { get; } = new();

        public volatile bool ThrowOnDatagram;

        public void OnDatagram(Span<byte> datagram, IPEndPoint remote)
        {
            Datagrams.Enqueue((datagram.ToArray(), remote));
            if (ThrowOnDatagram)
            {
                throw new InvalidOperationException("a listener's fault");
            }
        }

        public void OnTimer() => Interlocked.Increment(ref Ticks);
    }
}
