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
/// A listener on a network that passes only TCP: Chromium in a "listener" namespace whose UDP is blocked both
/// ways, the host in a "host" namespace, and Debian's coturn in an "internet" namespace that also routes between
/// the two. Chromium is given coturn as <c>turn:…?transport=tcp</c> and an ordinary ICE policy, so it picks the
/// direct path whenever one exists; with UDP blocked the tone still arrives, through the TURN/TCP relay.
/// </summary>
public sealed class ChromiumTurnOverTcpTests(ITestOutputHelper output)
{
    [NetworkNamespaceFact]
    public async Task With_udp_blocked_the_tone_arrives_through_turn_over_tcp_and_only_so()
    {
        using var network = new TestNetwork();
        var host = network.AddNamespace("host");
        var internet = network.AddNamespace("internet");
        var listener = network.AddNamespace("listener");
        var hostSide = network.Connect(host, internet);
        var listenerSide = network.Connect(internet, listener);
        network.EnableForwarding(internet);
        network.AddRoute(host, listenerSide, hostSide.SecondAddress);
        network.AddRoute(listener, hostSide, listenerSide.FirstAddress);

        using var coturn = await NamespacedCoturn.StartAsync(
            TurnTestFiles.DeploymentConfiguration, internet,
            [hostSide.SecondAddress, listenerSide.FirstAddress], relayAddress: hostSide.SecondAddress,
            allowedPeer: hostSide.FirstAddress, probeFrom: listener, probeAddress: listenerSide.FirstAddress);
        using var transport = host.CreateInside(() => new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = hostSide.FirstAddress }));
        var (playwright, browser) = await PlaywrightChromium.LaunchAsync(listener.WrapExecutable(PlaywrightChromium.ExecutablePath));
        using var _ = playwright;
        await using var __ = browser;

        var credentials = TurnRestCredentials.Create(coturn.Secret, "orchestron", TimeSpan.FromHours(1));
        var turnServer = new IPEndPoint(listenerSide.FirstAddress, NamespacedCoturn.Port);
        var configuration = new
        {
            iceServers = new[] { new { urls = $"turn:{turnServer}?transport=tcp", username = credentials.Username, credential = credentials.Credential } },
        };
        var hostAddress = $"{hostSide.FirstAddress}:{transport.Port}";

        // The control: with UDP open, the routes give a direct path, and Chromium takes it over the relay. Its
        // session is a sender of its own, gone before UDP is blocked, so that nothing still streams to the old path.
        using (var controlSender = transport.CreateAudioSender())
        using (new TonePacer(controlSender, 440, 0.5f, controlSender.SamplesPerChannel))
        {
            var direct = await ListenAsync(browser, controlSender, configuration, coturn);
            var directPair = await ListenerPage.ReadStatsAsync(direct, "() => window.selectedPair()");
            output.WriteLine($"UDP open: selected pair {directPair}");
            // Chromium hides its own host address behind mDNS, so its end of the direct pair is "host" or "prflx".
            Assert.NotEqual("relay", directPair.GetProperty("localType").GetString());
            Assert.Equal(JsonValueKind.Null, directPair.GetProperty("relayProtocol").ValueKind);
            Assert.Equal(hostAddress, directPair.GetProperty("remoteAddress").GetString());
            await direct.CloseAsync();
        }

        using var sender = transport.CreateAudioSender();
        using var tone = new TonePacer(sender, 440, 0.5f, sender.SamplesPerChannel);

        listener.BlockUdp();
        listener.WatchIncomingTcp(turnServer);
        var relayed = await ListenAsync(browser, sender, configuration, coturn);
        var first = await InboundAudioAsync(relayed);
        var blockedBefore = listener.CountBlockedUdp();
        var tcpBefore = listener.CountIncomingTcp(turnServer);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var last = await InboundAudioAsync(relayed);
        var blockedAfter = listener.CountBlockedUdp();
        var tcpAfter = listener.CountIncomingTcp(turnServer);
        var pair = await ListenerPage.ReadStatsAsync(relayed, "() => window.selectedPair()");
        var packets = last.GetProperty("packetsReceived").GetInt64() - first.GetProperty("packetsReceived").GetInt64();
        output.WriteLine($"UDP blocked: selected pair {pair}; inbound {first} -> {last}");
        output.WriteLine($"nftables: UDP dropped out/in {blockedAfter} in all, {blockedAfter.Incoming - blockedBefore.Incoming} in while measuring; " +
            $"TCP from coturn {tcpAfter.Packets - tcpBefore.Packets} segments, {tcpAfter.Bytes - tcpBefore.Bytes} bytes while {packets} RTP packets arrived");

        Assert.Equal("relay", pair.GetProperty("localType").GetString());
        Assert.Equal("tcp", pair.GetProperty("relayProtocol").GetString());
        Assert.Equal(hostAddress, pair.GetProperty("remoteAddress").GetString());
        Assert.True(packets > 100, $"{first} -> {last}");
        Assert.True(last.GetProperty("audioLevel").GetDouble() > 0.1, last.ToString());

        // No UDP path: Chromium did try UDP (its host candidates' checks), every datagram was dropped, and none
        // arrived while the tone kept coming; what did arrive came over coturn's TCP connection.
        Assert.True(blockedAfter.Outgoing > 0, "Chromium sent no UDP at all, so blocking it proved nothing.");
        Assert.Equal(blockedBefore.Incoming, blockedAfter.Incoming);
        Assert.True(tcpAfter.Packets - tcpBefore.Packets >= packets / 2, $"{tcpAfter.Packets - tcpBefore.Packets} TCP segments for {packets} RTP packets");
    }

    private static async Task<IPage> ListenAsync(IBrowser browser, WebRtcAudioSender sender, object configuration, NamespacedCoturn coturn)
    {
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
                $"No audio; connectionState {await page.EvaluateAsync<string>("() => window.connectionState()")}. coturn log:\n{coturn.ReadLog()}\n{error.Message}");
        }

        return page;
    }

    private static Task<JsonElement> InboundAudioAsync(IPage page) => ListenerPage.ReadStatsAsync(page, "() => window.inboundAudio()");
}
