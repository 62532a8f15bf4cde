using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using Orchestron.Testing;
using Orchestron.Testing.Network;
using Orchestron.WebRtc.Transport;
using Orchestron.WebRtc.Turn;
using Orchestron.WebRtc.Tests.Support;
using Xunit.Abstractions;

namespace Orchestron.WebRtc.Tests.Network;

/// <summary>
/// A host at home: its transport in a "home" namespace behind a masquerading "router", Debian's coturn in
/// "internet", Chromium in "listener". Every namespace has a route to every other, so only the router's NAT stands
/// between Chromium and the host; the transport allocates a relay on coturn and Chromium hears the tone through it.
/// </summary>
public sealed class ChromiumHostBehindNatTests(ITestOutputHelper output)
{
    [NetworkNamespaceFact]
    public async Task Chromium_hears_a_host_behind_nat_only_through_the_host_s_own_relay()
    {
        using var nat = await HomeBehindNatNetwork.CreateAsync(TurnTestFiles.DeploymentConfiguration);
        var (network, home, router, listener) = (nat.Network, nat.Home, nat.Router, nat.Listener);
        var (homeLink, upLink, listenerLink) = (nat.HomeLink, nat.UpLink, nat.ListenerLink);
        var (coturn, credentials) = (nat.Coturn, nat.Credentials);
        using var transport = home.CreateInside(() => new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = homeLink.FirstAddress }));
        var allocation = await transport.StartRelayAsync(
            new TurnRelayOptions(new IPEndPoint(upLink.SecondAddress, NamespacedCoturn.Port), credentials.Username, credentials.Credential));
        using var sender = transport.CreateAudioSender();
        using var tone = new TonePacer(sender, 440, 0.5f, sender.SamplesPerChannel);
        var (playwright, browser) = await PlaywrightChromium.LaunchAsync(listener.WrapExecutable(PlaywrightChromium.ExecutablePath));
        using var _ = playwright;
        await using var __ = browser;

        // Chromium hides its host address behind mDNS; a STUN server gives it a candidate with its address, which
        // the host's relay can be opened for.
        var configuration = new { iceServers = new[] { new { urls = $"stun:{listenerLink.FirstAddress}:{NamespacedCoturn.Port}" } } };
        var page = await browser.NewPageAsync();
        await ListenerPage.ServeAsync(page, sender);
        await page.GotoAsync(ListenerPage.Origin + "/");
        await page.EvaluateAsync("([url, configuration]) => window.listen(url, configuration)", new object[] { ListenerPage.Origin + "/offer", configuration });
        try
        {
            await page.WaitForFunctionAsync("() => window.connectionState() === 'connected'", null, new() { Timeout = 30_000 });
            await page.WaitForFunctionAsync("async () => ((await window.inboundAudio())?.packetsReceived ?? 0) > 0", null, new() { Timeout = 10_000 });
        }
        catch (TimeoutException error)
        {
            throw new Xunit.Sdk.XunitException(
                $"No audio; connectionState {await page.EvaluateAsync<string>("() => window.connectionState()")}, relay {transport.Relay?.State}, " +
                $"candidates {string.Join(" | ", transport.LocalCandidates.Select(c => c.ToSdpAttributeValue()))}. coturn log:\n{coturn.ReadLog()}\n{error.Message}");
        }

        var first = await InboundAudioAsync(page);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var last = await InboundAudioAsync(page);
        var pair = await ListenerPage.ReadStatsAsync(page, "() => window.selectedPair()");
        var unsolicited = router.CountUnsolicitedInbound();
        output.WriteLine($"relay {allocation}; selected pair {pair}; inbound {first} -> {last}; the router dropped {unsolicited} unsolicited datagrams for home");

        Assert.Equal("relay", pair.GetProperty("remoteType").GetString());
        Assert.Equal(allocation.RelayedAddress.ToString(), pair.GetProperty("remoteAddress").GetString());
        Assert.Equal(upLink.FirstAddress, allocation.MappedAddress.Address);
        Assert.True(last.GetProperty("packetsReceived").GetInt64() > first.GetProperty("packetsReceived").GetInt64() + 100, $"{first} -> {last}");
        Assert.True(last.GetProperty("audioLevel").GetDouble() > 0.1, last.ToString());

        // No direct path: Chromium's checks towards the host candidate were routed to the router and dropped there.
        Assert.True(unsolicited > 0, "Chromium never tried the host candidate, so the NAT proved nothing.");
        Assert.Equal(TurnClientState.Allocated, transport.Relay!.State);
    }

    private static Task<JsonElement> InboundAudioAsync(IPage page) => ListenerPage.ReadStatsAsync(page, "() => window.inboundAudio()");
}
