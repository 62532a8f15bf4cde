using System.Net;
using Orchestron.Testing;
using Orchestron.WebRtc.Tests.Support;
using Orchestron.WebRtc.Transport;
using Orchestron.WebRtc.Turn;

namespace Orchestron.WebRtc.Tests.Turn;

/// <summary>The transport's relay on loopback coturn: what answers offer while it works, and after it failed or was refused.</summary>
public sealed class TransportRelayTests
{
    [Fact]
    public async Task An_allocated_relay_is_offered_and_withdrawn_when_the_server_goes_away()
    {
        var coturn = await CoturnServer.StartAsync(TurnTestFiles.DeploymentConfiguration);
        using var transport = new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = IPAddress.Loopback });
        var hostCandidates = transport.LocalCandidates.ToArray();
        var credentials = TurnRestCredentials.Create(coturn.Secret, "orchestron", TimeSpan.FromHours(1));
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        TurnAllocation allocation;
        try
        {
            allocation = await transport.StartRelayAsync(new TurnRelayOptions(new IPEndPoint(IPAddress.Loopback, coturn.Port), credentials.Username, credentials.Credential)
            {
                Client = new TurnClientOptions { RefreshPeriod = TimeSpan.FromSeconds(1), TransactionTimeout = TimeSpan.FromSeconds(1) },
            });
            transport.Relay!.Failed += _ => failed.TrySetResult();

            // The server saw the transport's own socket: the relay shares the media port.
            Assert.Equal(new IPEndPoint(IPAddress.Loopback, transport.Port), allocation.MappedAddress);
            var relayLine = Assert.Single(transport.LocalCandidates, candidate => candidate.Type == "relay").ToSdpAttributeValue();
            Assert.Contains($" {allocation.RelayedAddress.Address} {allocation.RelayedAddress.Port} typ relay raddr 127.0.0.1 rport {transport.Port}", relayLine, StringComparison.Ordinal);
        }
        finally
        {
            coturn.Dispose();
        }

        await failed.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(TurnClientState.Failed, transport.Relay!.State);
        Assert.Equal(hostCandidates, transport.LocalCandidates);
    }

    [Fact]
    public async Task A_refused_relay_leaves_the_host_candidates_and_says_why()
    {
        using var coturn = await CoturnServer.StartAsync(TurnTestFiles.DeploymentConfiguration);
        using var transport = new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = IPAddress.Loopback });
        var hostCandidates = transport.LocalCandidates.ToArray();
        var wrong = TurnRestCredentials.Create("not-the-secret", "orchestron", TimeSpan.FromHours(1));

        var error = await Assert.ThrowsAsync<TurnException>(() =>
            transport.StartRelayAsync(new TurnRelayOptions(new IPEndPoint(IPAddress.Loopback, coturn.Port), wrong.Username, wrong.Credential)));

        Assert.Equal(401, error.ErrorCode);
        Assert.Equal(hostCandidates, transport.LocalCandidates);
        Assert.Equal(TurnClientState.Failed, transport.Relay!.State);
    }
}
