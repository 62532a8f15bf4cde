using System.Net;
using System.Net.Sockets;
using Orchestron.Testing;
using Orchestron.WebRtc.Tests.Support;
using Orchestron.WebRtc.Transport;
using Orchestron.WebRtc.Turn;
using Xunit.Abstractions;

namespace Orchestron.WebRtc.Tests.Turn;

/// <summary>
/// The transport's relay on Debian's coturn with <c>use-auth-secret</c> (the deployment's turnserver.conf), given
/// the shared secret instead of credentials: a stream through the relay outlives the credentials it was allocated
/// with and coturn's nonces, and when coturn restarts, a new allocation is made with credentials made then.
/// </summary>
public sealed class TransportRelaySharedSecretTests(ITestOutputHelper output)
{
    private static readonly TimeSpan CredentialLifetime = TurnRestCredentials.MinLifetime;
    private static readonly TimeSpan FramePeriod = TimeSpan.FromMilliseconds(20);

    [Fact]
    public async Task A_stream_through_the_relay_outlives_its_credentials_and_a_restarted_server_gets_a_new_allocation()
    {
        // Nonces go stale every 5 s, so refreshes meet a 438 and answer it with the new nonce; --verbose logs each answer.
        var coturn = await CoturnServer.StartAsync(TurnTestFiles.DeploymentConfiguration, ["--stale-nonce=5", "--verbose"]);
        CoturnServer? restarted = null;
        var stopped = false;
        try
        {
            using var transport = new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = IPAddress.Loopback });
            using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var peerAddress = (IPEndPoint)peer.LocalEndPoint!;
            var relay = TurnRelayOptions.WithSharedSecret(new IPEndPoint(IPAddress.Loopback, coturn.Port), coturn.Secret, CredentialLifetime) with
            {
                Client = new TurnClientOptions { RefreshPeriod = TimeSpan.FromSeconds(3), TransactionTimeout = TimeSpan.FromSeconds(1) },
            };
            var expiry = DateTimeOffset.FromUnixTimeSeconds(long.Parse(relay.Username.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture));

            var allocation = await transport.StartRelayAsync(relay);
            await transport.Relay!.AddPeerAsync(peerAddress);

            // A listener's worth of media, one datagram per 20 ms, until the credentials are 10 s past their expiry.
            var counting = CountArrivalsAsync(peer, allocation.RelayedAddress);
            var sent = 0;
            var frame = new byte[160];
            var start = DateTime.UtcNow;
            while (DateTimeOffset.UtcNow < expiry + TimeSpan.FromSeconds(10))
            {
                BitConverter.TryWriteBytes(frame, sent);
                transport.SendTo(frame, peerAddress);
                sent++;
                var next = start + (sent * FramePeriod);
                var wait = next - DateTime.UtcNow;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }
            }

            await Task.Delay(500);
            peer.Close();
            var received = await counting;
            var staleNonces = CountOccurrences(coturn.ReadLog(), "error 438");
            output.WriteLine($"sent {sent}, received {received} through {allocation.RelayedAddress}; credentials expired {expiry:HH:mm:ss}; coturn answered 438 {staleNonces} times");

            Assert.Equal(TurnClientState.Allocated, transport.Relay!.State);
            Assert.Equal(1, transport.RelayAllocations);
            Assert.True(staleNonces > 0, "coturn never made a nonce stale, so no refresh was renewed.");
            // Loopback loses nothing the kernel accepted; the refreshes with new nonces never interrupted the stream.
            Assert.True(received >= sent - (sent / 100), $"sent {sent}, received {received}");

            // coturn restarts and forgets the allocation: the next refresh fails, the relay is withdrawn, and a new
            // allocation follows. The first credentials have expired, so it succeeds only with new ones.
            var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            transport.Relay!.Failed += _ => failed.TrySetResult();
            coturn.Dispose();
            stopped = true;
            await failed.Task.WaitAsync(TimeSpan.FromSeconds(15));
            Assert.DoesNotContain(transport.LocalCandidates, candidate => candidate.Type == "relay");
            restarted = await CoturnServer.StartAsync(TurnTestFiles.DeploymentConfiguration, ["--stale-nonce=5", "--verbose"], restartOf: coturn);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (transport.RelayAllocations < 2 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }

            output.WriteLine($"after the restart: {transport.RelayAllocations} allocations, state {transport.Relay!.State}, last error {transport.RelayError}");
            Assert.Equal(2, transport.RelayAllocations);
            Assert.Equal(TurnClientState.Allocated, transport.Relay!.State);
            Assert.Contains(transport.LocalCandidates, candidate => candidate.Type == "relay");
            Assert.Null(transport.RelayError);
        }
        finally
        {
            if (!stopped)
            {
                coturn.Dispose();
            }

            restarted?.Dispose();
        }
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static Task<int> CountArrivalsAsync(Socket peer, IPEndPoint relayed) => Task.Run(() =>
    {
        var buffer = new byte[256];
        var count = 0;
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        while (true)
        {
            try
            {
                peer.ReceiveFrom(buffer, ref from);
            }
            catch (Exception error) when (error is SocketException or ObjectDisposedException)
            {
                return count;
            }

            if (relayed.Equals(from))
            {
                count++;
            }
        }
    });
}
