using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Orchestron.WebRtc.Stun;
using Orchestron.WebRtc.Transport;
using Orchestron.WebRtc.Turn;

namespace Orchestron.WebRtc.Tests.Turn;

/// <summary>
/// A scripted UDP server on loopback that answers every request with one STUN error (403 Forbidden, 486 Allocation
/// Quota Reached) or with garbage, or says nothing: the TURN client and the transport's STUN and TURN servers each
/// end in an error that names the server and the answer, the transport keeps its host candidates and says why,
/// and the audio path never waits for any of it.
/// </summary>
public sealed class ScriptedServerRefusalTests
{
    [Theory]
    [InlineData(403, "Forbidden")]
    [InlineData(486, "Allocation Quota Reached")]
    public async Task A_turn_server_refusing_with_an_error_is_named_with_its_code_and_reason(int code, string reason)
    {
        using var server = new ScriptedStunServer(code, reason);
        using var client = new TurnClient(server.EndPoint, IPAddress.Loopback, "user", "password", (_, _) => { },
            new TurnClientOptions { TransactionTimeout = TimeSpan.FromSeconds(1) });

        var error = await Assert.ThrowsAsync<TurnException>(() => client.AllocateAsync());

        Assert.Equal(code, error.ErrorCode);
        Assert.Contains($"{server.EndPoint} refused Allocate: {code} {reason}", error.Message, StringComparison.Ordinal);
        Assert.Equal(TurnClientState.Failed, client.State);
    }

    [Fact]
    public async Task A_refused_relay_and_a_refused_stun_server_leave_the_transport_sending_on_its_host_candidates()
    {
        using var turn = new ScriptedStunServer(486, "Allocation Quota Reached");
        using var stun = new ScriptedStunServer(403, "Forbidden");
        using var transport = new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = IPAddress.Loopback });
        var hostCandidates = transport.LocalCandidates.ToArray();

        await Assert.ThrowsAsync<TurnException>(() => transport.StartRelayAsync(new TurnRelayOptions(turn.EndPoint, "user", "password")
        {
            Client = new TurnClientOptions { TransactionTimeout = TimeSpan.FromSeconds(1) },
        }));
        var stunError = await Assert.ThrowsAsync<StunBindingException>(() => transport.StartServerReflexiveAsync(
            new ServerReflexiveOptions(stun.EndPoint) { TransactionTimeout = TimeSpan.FromSeconds(1) }));

        Assert.Equal(hostCandidates, transport.LocalCandidates);
        Assert.Equal(TurnClientState.Failed, transport.Relay!.State);
        Assert.Contains("486 Allocation Quota Reached", transport.RelayError, StringComparison.Ordinal);
        Assert.Contains("403 Forbidden", stunError.Message, StringComparison.Ordinal);
        Assert.Equal(stunError.Message, transport.ServerReflexiveError);
        Assert.Null(transport.ServerReflexiveAddress);

        // The audio path does not wait for either server: a send to a listener address leaves at once.
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Assert.True(transport.SendTo("media"u8, (IPEndPoint)peer.LocalEndPoint!));
        peer.ReceiveTimeout = 2000;
        Assert.Equal(5, peer.Receive(new byte[16]));
    }

    [Fact]
    public async Task A_stun_server_answering_garbage_or_nothing_ends_in_a_timeout_that_says_so()
    {
        using var garbage = new ScriptedStunServer(0, "");
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var first = new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = IPAddress.Loopback });
        using var second = new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = IPAddress.Loopback });

        var answeredGarbage = await Assert.ThrowsAsync<StunBindingException>(() => first.StartServerReflexiveAsync(
            new ServerReflexiveOptions(garbage.EndPoint) { TransactionTimeout = TimeSpan.FromSeconds(1) }));
        var answeredNothing = await Assert.ThrowsAsync<StunBindingException>(() => second.StartServerReflexiveAsync(
            new ServerReflexiveOptions((IPEndPoint)silent.LocalEndPoint!) { TransactionTimeout = TimeSpan.FromSeconds(1) }));

        Assert.Contains("did not answer a Binding request within 1 s", answeredGarbage.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("(0 datagrams", answeredGarbage.Message, StringComparison.Ordinal);
        Assert.Contains("did not answer a Binding request within 1 s (0 datagrams", answeredNothing.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(first.LocalCandidates, candidate => candidate.Type == "srflx");
    }

    /// <summary>
    /// Answers each request with a STUN error response of <c>code</c> and <c>reason</c> under the request's transaction
    /// id, or, with code 0, with a truncated STUN header and random bytes.
    /// </summary>
    private sealed class ScriptedStunServer : IDisposable
    {
        private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        private readonly Thread _thread;

        public ScriptedStunServer(int code, string reason)
        {
            _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
            _thread = new Thread(() => Serve(code, reason)) { IsBackground = true };
            _thread.Start();
        }

        public IPEndPoint EndPoint { get; }

        public void Dispose()
        {
            _socket.Dispose();
            _thread.Join(TimeSpan.FromSeconds(2));
        }

        private void Serve(int code, string reason)
        {
            var buffer = new byte[2048];
            var answer = new byte[512];
            while (true)
            {
                EndPoint from = new IPEndPoint(IPAddress.Any, 0);
                int length;
                try
                {
                    length = _socket.ReceiveFrom(buffer, ref from);
                }
                catch (Exception error) when (error is SocketException or ObjectDisposedException)
                {
                    return;
                }

                if (!StunMessageReader.TryParse(buffer.AsSpan(0, length), out var request))
                {
                    continue;
                }

                try
                {
                    if (code == 0)
                    {
                        _socket.SendTo(buffer.AsSpan(0, 10), from);
                        _socket.SendTo(RandomNumberGenerator.GetBytes(64), from);
                        continue;
                    }

                    // The error class of the request's method: the class bits 0x0110 set.
                    var writer = new StunMessageWriter(answer, (StunMessageType)(request.RawMessageType | 0x0110), request.TransactionId);
                    writer.AddErrorCode(code, reason);
                    writer.AddFingerprint();
                    _socket.SendTo(writer.WrittenSpan, from);
                }
                catch (Exception error) when (error is SocketException or ObjectDisposedException)
                {
                    return;
                }
            }
        }
    }
}
