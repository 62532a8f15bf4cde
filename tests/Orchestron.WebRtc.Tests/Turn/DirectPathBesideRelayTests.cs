using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using Orchestron.Testing;
using Orchestron.WebRtc.Tests.Support;
using Orchestron.WebRtc.Transport;
using Orchestron.WebRtc.Turn;
using Xunit.Abstractions;

namespace Orchestron.WebRtc.Tests.Turn;

/// <summary>
/// A relay does not take the direct path from a browser that has one: with the transport's relay on loopback
/// coturn offered in the answer, and Chromium given coturn as its STUN server (so that its own address is in the
/// offer and the relay opens a permission and channel for it), Chromium selects the host candidate, whose priority
/// is the highest, and the host sends to it directly: the relay is there for browsers that cannot reach the host,
/// not in the way of those that can.
/// </summary>
public sealed class DirectPathBesideRelayTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Chromium_that_can_reach_the_host_directly_takes_the_host_candidate_though_a_relay_is_offered()
    {
        using var coturn = await CoturnServer.StartAsync(TurnTestFiles.DeploymentConfiguration);
        using var stream = new LoopbackToneSender();
        var (server, sender) = (stream.Server, stream.Sender);
        var relay = TurnRelayOptions.WithSharedSecret(new IPEndPoint(IPAddress.Loopback, coturn.Port), coturn.Secret, TimeSpan.FromHours(1));
        var allocation = await server.StartRelayAsync(relay);
        var (playwright, browser) = await PlaywrightChromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        await ListenerPage.ServeAsync(page, sender);
        var configuration = new { iceServers = new[] { new { urls = $"stun:127.0.0.1:{coturn.Port}" } } };

        await page.GotoAsync(ListenerPage.Origin + "/");
        await page.EvaluateAsync("([url, configuration]) => window.listen(url, configuration)", new object[] { ListenerPage.Origin + "/offer", configuration });
        await page.WaitForFunctionAsync("() => window.connectionState() === 'connected'", null, new() { Timeout = 30_000 });
        await page.WaitForFunctionAsync("async () => ((await window.inboundAudio())?.packetsReceived ?? 0) > 0", null, new() { Timeout = 10_000 });
        await Task.Delay(TimeSpan.FromSeconds(1));
        var relayedBefore = server.Relay!.ChannelDataSent;
        var sentBefore = Assert.Single(sender.GetListenerStatistics()).PacketsSent;
        await Task.Delay(TimeSpan.FromSeconds(3));
        var relayed = server.Relay!.ChannelDataSent - relayedBefore;
        var sent = Assert.Single(sender.GetListenerStatistics()).PacketsSent - sentBefore;
        var pair = await ListenerPage.ReadStatsAsync(page, "() => window.selectedPair()");
        var candidates = string.Join(" | ", server.LocalCandidates.Select(c => c.ToSdpAttributeValue()));
        output.WriteLine($"offered {candidates}; relay {allocation}; selected pair {pair}; over 3 s {sent} packets sent, {relayed} of the relay's channel data");

        Assert.Contains(server.LocalCandidates, candidate => candidate.Type == "relay");
        Assert.Equal("host", pair.GetProperty("remoteType").GetString());
        Assert.Equal($"127.0.0.1:{server.Port}", pair.GetProperty("remoteAddress").GetString());
        Assert.Equal(TurnClientState.Allocated, server.Relay!.State);
        // The media left directly: the relay carried none of the listener's packets.
        Assert.True(sent > 100, $"{sent} packets sent");
        Assert.True(relayed < sent / 10, $"{relayed} datagrams through the relay of {sent} packets sent");
    }
}
