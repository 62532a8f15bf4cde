using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Orchestron.Testing;
using Orchestron.WebRtc.Tests.Support;
using Orchestron.WebRtc.Turn;

namespace Orchestron.WebRtc.Tests.Turn;

/// <summary>
/// The TURN client on a socket it shares with other traffic, as a media transport's one UDP port would share it:
/// the socket's owner receives everything, hands the TURN server's datagrams to the client, and keeps the rest.
/// </summary>
public sealed class TurnClientOnSharedSocketTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task The_server_s_datagrams_reach_the_client_and_everything_else_stays_with_the_socket_s_owner()
    {
        using var coturn = await CoturnServer.StartAsync(TurnTestFiles.DeploymentConfiguration);
        var server = new IPEndPoint(IPAddress.Loopback, coturn.Port);
        var credentials = TurnRestCredentials.Create(coturn.Secret, "orchestron", TimeSpan.FromHours(1));
        using var shared = Bound(IPAddress.Loopback);
        var relayed = new BlockingCollection<byte[]>();
        var other = new BlockingCollection<byte[]>();
        using var client = new TurnClient(server, _ => new SharedSocketLink(shared, server), credentials.Username, credentials.Credential,
            (_, data) => relayed.Add(data.ToArray()));
        var receiving = new Thread(() => ReceiveLoop(shared, server, client, other)) { IsBackground = true };
        receiving.Start();
        using var peer = Bound(IPAddress.Loopback);
        var peerAddress = (IPEndPoint)peer.LocalEndPoint!;

        var allocation = await client.AllocateAsync();
        await client.AddPeerAsync(peerAddress);
        Assert.Equal(shared.LocalEndPoint, allocation.MappedAddress);

        // A datagram straight to the shared port and one through the relay arrive on the same socket, each where it belongs.
        peer.SendTo("direct"u8, shared.LocalEndPoint!);
        peer.SendTo("relayed"u8, allocation.RelayedAddress);
        Assert.True(other.TryTake(out var direct, Patience));
        Assert.Equal("direct"u8.ToArray(), direct);
        Assert.True(relayed.TryTake(out var throughRelay, Patience));
        Assert.Equal("relayed"u8.ToArray(), throughRelay);

        Assert.True(client.Send(peerAddress, "back"u8));
        var buffer = new byte[16];
        peer.ReceiveTimeout = (int)Patience.TotalMilliseconds;
        Assert.Equal("back"u8.ToArray(), buffer[..peer.Receive(buffer)]);
        Assert.Equal(0, client.IgnoredDatagrams);
    }

    private static void ReceiveLoop(Socket socket, IPEndPoint server, TurnClient client, BlockingCollection<byte[]> other)
    {
        var buffer = new byte[2048];
        var source = new SocketAddress(AddressFamily.InterNetwork);
        var serverAddress = server.Serialize();
        while (true)
        {
            int length;
            try
            {
                length = socket.ReceiveFrom(buffer, SocketFlags.None, source);
            }
            catch (Exception error) when (error is SocketException or ObjectDisposedException)
            {
                return;
            }

            if (source.Equals(serverAddress))
            {
                client.OnServerDatagram(buffer.AsSpan(0, length));
            }
            else
            {
                other.Add(buffer[..length]);
            }
        }
    }

    private static Socket Bound(IPAddress address)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(address, 0));
        return socket;
    }

    /// <summary>Sends on a socket someone else owns and receives on; closing it is the owner's business.</summary>
    private sealed class SharedSocketLink(Socket socket, IPEndPoint server) : ITurnServerLink
    {
        private readonly SocketAddress _server = server.Serialize();

        public IPEndPoint LocalEndPoint => (IPEndPoint)socket.LocalEndPoint!;

        public bool Send(ReadOnlySpan<byte> datagram) => socket.SendTo(datagram, SocketFlags.None, _server) == datagram.Length;

        public void Dispose()
        {
        }
    }
}
