using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Orchestron.WebRtc.Stun;
using Orchestron.Testing;
using Orchestron.WebRtc.Tests.Support;
using Orchestron.WebRtc.Turn;

namespace Orchestron.WebRtc.Tests.Turn;

/// <summary>
/// The TURN client against Debian's coturn on loopback, with the deployment's turnserver.conf and TURN REST
/// credentials: allocation, a permission and a channel for one peer, data both ways; and against servers that
/// refuse, answer garbage or go away.
/// </summary>
public sealed class TurnClientTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Allocates_a_relay_and_carries_data_both_ways_through_a_channel_for_the_added_peer_only()
    {
        using var coturn = await CoturnServer.StartAsync(TurnTestFiles.DeploymentConfiguration);
        var received = new BlockingCollection<(IPEndPoint Peer, byte[] Data)>();
        using var client = NewClient(coturn, Credentials(coturn), (peer, data) => received.Add((peer, data.ToArray())));
        using var peer = Bound(IPAddress.Loopback);
        using var stranger = Bound(IPAddress.Parse("127.0.0.2"));
        var peerAddress = (IPEndPoint)peer.LocalEndPoint!;

        var allocation = await client.AllocateAsync();
        await client.AddPeerAsync(peerAddress);

        // The deployment's relay port range is in force, and the server saw the client's own socket.
        Assert.Equal(IPAddress.Loopback, allocation.RelayedAddress.Address);
        Assert.InRange(allocation.RelayedAddress.Port, 49160, 49200);
        Assert.Equal(client.LocalEndPoint, allocation.MappedAddress);
        Assert.True(allocation.Lifetime > TimeSpan.Zero, allocation.ToString());
        Assert.Equal(TurnClientState.Allocated, client.State);

        // Client to peer: the peer sees the datagram come from the relayed address, byte for byte.
        Assert.True(client.Send(peerAddress, "from the host"u8));
        var buffer = new byte[64];
        peer.ReceiveTimeout = (int)Patience.TotalMilliseconds;
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        var length = peer.ReceiveFrom(buffer, ref from);
        Assert.Equal(allocation.RelayedAddress, from);
        Assert.Equal("from the host"u8.ToArray(), buffer[..length]);

        // Peer to client: only the peer with a permission gets through; the stranger's datagram goes first and is dropped.
        stranger.SendTo("from a stranger"u8, allocation.RelayedAddress);
        peer.SendTo("from the listener"u8, allocation.RelayedAddress);
        Assert.True(received.TryTake(out var first, Patience), "Nothing came back through the relay.");
        Assert.Equal(peerAddress, first.Peer);
        Assert.Equal("from the listener"u8.ToArray(), first.Data);
        Assert.False(received.TryTake(out var late, TimeSpan.FromMilliseconds(300)), $"Unexpected datagram from {late.Peer}.");

        // A peer never added is not sent to.
        Assert.False(client.Send((IPEndPoint)stranger.LocalEndPoint!, "never"u8));
    }

    [Fact]
    public async Task Wrong_credentials_are_refused_with_the_servers_401_named()
    {
        using var coturn = await CoturnServer.StartAsync(TurnTestFiles.DeploymentConfiguration);
        var credentials = TurnRestCredentials.Create("not-the-secret", "orchestron", TimeSpan.FromHours(1));
        using var client = NewClient(coturn, credentials, (_, _) => { });

        var error = await Assert.ThrowsAsync<TurnException>(() => client.AllocateAsync());

        Assert.Equal(401, error.ErrorCode);
        Assert.Contains($"127.0.0.1:{coturn.Port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("refused Allocate", error.Message, StringComparison.Ordinal);
        Assert.Equal(TurnClientState.Failed, client.State);
    }

    [Fact]
    public async Task A_server_answering_garbage_ends_in_a_timeout_that_says_so()
    {
        using var server = Bound(IPAddress.Loopback);
        using var stop = new CancellationTokenSource();
        var garbage = Task.Run(() => AnswerWithGarbage(server, stop.Token));
        var address = (IPEndPoint)server.LocalEndPoint!;
        using var client = new TurnClient(address, IPAddress.Loopback, "user", "password", (_, _) => { },
            new TurnClientOptions { TransactionTimeout = TimeSpan.FromSeconds(1) });

        var error = await Assert.ThrowsAsync<TurnException>(() => client.AllocateAsync());
        stop.Cancel();
        server.Close();
        await garbage;

        Assert.True(error.TimedOut, error.Message);
        Assert.True(client.IgnoredDatagrams > 0, error.Message);
        Assert.Contains($"did not answer Allocate", error.Message, StringComparison.Ordinal);
        Assert.Equal(TurnClientState.Failed, client.State);
    }

    [Fact]
    public async Task A_server_that_goes_away_fails_the_client_on_its_next_refresh_and_sending_stops()
    {
        var coturn = await CoturnServer.StartAsync(TurnTestFiles.DeploymentConfiguration);
        using var peer = Bound(IPAddress.Loopback);
        var peerAddress = (IPEndPoint)peer.LocalEndPoint!;
        var failed = new TaskCompletionSource<TurnException>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var client = NewClient(coturn, Credentials(coturn), (_, _) => { },
            new TurnClientOptions { RefreshPeriod = TimeSpan.FromSeconds(1), TransactionTimeout = TimeSpan.FromSeconds(1) });
        client.Failed += error => failed.TrySetResult(error);
        TurnException error;
        try
        {
            await client.AllocateAsync();
            await client.AddPeerAsync(peerAddress);
        }
        finally
        {
            coturn.Dispose();
        }

        error = await failed.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(error.TimedOut, error.Message);
        Assert.Contains("did not answer Refresh", error.Message, StringComparison.Ordinal);
        Assert.Equal(TurnClientState.Failed, client.State);
        Assert.False(client.Send(peerAddress, "after the server left"u8));
    }

    private static TurnRestCredentials Credentials(CoturnServer coturn) => TurnRestCredentials.Create(coturn.Secret, "orchestron", TimeSpan.FromHours(1));

    private static TurnClient NewClient(CoturnServer coturn, TurnRestCredentials credentials, TurnDataHandler received, TurnClientOptions? options = null) =>
        new(new IPEndPoint(IPAddress.Loopback, coturn.Port), IPAddress.Loopback, credentials.Username, credentials.Credential, received, options);

    private static Socket Bound(IPAddress address)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(address, 0));
        return socket;
    }

    // Answers every request with a STUN-looking message of the right transaction id but a broken body, then with
    // random bytes: neither is an answer.
    private static async Task AnswerWithGarbage(Socket server, CancellationToken stop)
    {
        var buffer = new byte[2048];
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var request = await server.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), stop);
                var broken = buffer[..StunConstants.HeaderLength];
                broken[0] = 0x01;
                broken[1] = 0x13;
                broken[3] = 7; // a body length that is no multiple of four and longer than the datagram
                await server.SendToAsync(broken, request.RemoteEndPoint, stop);
                await server.SendToAsync(RandomNumberGenerator.GetBytes(100), request.RemoteEndPoint, stop);
            }
            catch (Exception error) when (error is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
        }
    }
}
