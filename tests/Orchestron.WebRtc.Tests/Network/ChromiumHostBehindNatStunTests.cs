using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Playwright;
using Orchestron.Testing;
using Orchestron.Testing.Network;
using Orchestron.WebRtc.Transport;
using Orchestron.WebRtc.Tests.Support;
using Xunit.Abstractions;

namespace Orchestron.WebRtc.Tests.Network;

/// <summary>
/// A host at home with a STUN server and no relay: its transport in "home" behind the masquerading "router", coturn
/// (as a STUN server) in "internet", Chromium in "listener". The transport learns the router's public mapping of its
/// socket, offers it as a server-reflexive candidate, and opens the NAT towards the offer's candidates, so Chromium
/// reaches the host directly through the mapping.
/// </summary>
public sealed class ChromiumHostBehindNatStunTests(ITestOutputHelper output)
{
    [NetworkNamespaceFact]
    public async Task The_server_reflexive_address_is_the_router_s_and_lets_in_only_a_peer_the_host_sent_to()
    {
        using var nat = await HomeBehindNatNetwork.CreateAsync(TurnTestFiles.DeploymentConfiguration);
        using var transport = nat.Home.CreateInside(() => new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = nat.HomeLink.FirstAddress }));
        using var peer = nat.Listener.CreateInside(() => Bound(nat.ListenerLink.SecondAddress));
        using var stranger = nat.Listener.CreateInside(() => Bound(nat.ListenerLink.SecondAddress));

        var mapped = await transport.StartServerReflexiveAsync(new ServerReflexiveOptions(new IPEndPoint(nat.UpLink.SecondAddress, NamespacedCoturn.Port)));

        Assert.Equal(nat.UpLink.FirstAddress, mapped.Address);
        var srflx = Assert.Single(transport.LocalCandidates, candidate => candidate.Type == "srflx");
        Assert.Equal(mapped, new IPEndPoint(srflx.Address, srflx.Port));
        Assert.DoesNotContain(transport.LocalCandidates, candidate => candidate.Type == "relay");

        // The mapping is the STUN server's only: what anyone else sends to the server-reflexive address never reaches
        // the host (Linux's masquerade filters by the remote address and port). The peer itself stays quiet here: its
        // own datagram to the router would leave a connection entry that makes the masquerade pick another port.
        var before = transport.DatagramsReceived;
        stranger.SendTo("uninvited"u8, mapped);
        await Task.Delay(500);
        Assert.Equal(before, transport.DatagramsReceived);

        // One Binding indication towards the peer, as an answer to its offer sends, opens the mapping for it alone.
        transport.OpenNatTowards((IPEndPoint)peer.LocalEndPoint!);
        await Task.Delay(200);
        stranger.SendTo("a stranger"u8, mapped);
        peer.SendTo("invited"u8, mapped);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (transport.DatagramsReceived == before && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await Task.Delay(300);
        output.WriteLine($"server-reflexive {mapped}; datagrams received {before} -> {transport.DatagramsReceived}");
        Assert.Equal(before + 1, transport.DatagramsReceived);
    }

    [NetworkNamespaceFact]
    public async Task Chromium_hears_a_host_behind_nat_directly_through_its_server_reflexive_candidate()
    {
        using var nat = await HomeBehindNatNetwork.CreateAsync(TurnTestFiles.DeploymentConfiguration);
        using var transport = nat.Home.CreateInside(() => new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = nat.HomeLink.FirstAddress }));
        var mapped = await transport.StartServerReflexiveAsync(new ServerReflexiveOptions(new IPEndPoint(nat.UpLink.SecondAddress, NamespacedCoturn.Port)));
        using var sender = transport.CreateAudioSender();
        using var tone = new TonePacer(sender, 440, 0.5f, sender.SamplesPerChannel);
        var (playwright, browser) = await PlaywrightChromium.LaunchAsync(nat.Listener.WrapExecutable(PlaywrightChromium.ExecutablePath));
        using var _ = playwright;
        await using var __ = browser;

        // Chromium hides its host address behind mDNS; its own STUN request gives it a candidate with its address,
        // which the host can open its NAT towards.
        var configuration = new { iceServers = new[] { new { urls = $"stun:{nat.ListenerLink.FirstAddress}:{NamespacedCoturn.Port}" } } };
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
                $"No audio; connectionState {await page.EvaluateAsync<string>("() => window.connectionState()")}, " +
                $"candidates {string.Join(" | ", transport.LocalCandidates.Select(c => c.ToSdpAttributeValue()))}.\n{error.Message}");
        }

        var first = await InboundAudioAsync(page);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var last = await InboundAudioAsync(page);
        var pair = await ListenerPage.ReadStatsAsync(page, "() => window.selectedPair()");
        var unsolicited = nat.Router.CountUnsolicitedInbound();
        output.WriteLine($"server-reflexive {mapped}; selected pair {pair}; inbound {first} -> {last}; the router dropped {unsolicited} unsolicited datagrams for home");

        Assert.Equal(nat.UpLink.FirstAddress, mapped.Address);
        Assert.Equal("srflx", pair.GetProperty("remoteType").GetString());
        Assert.Equal(mapped.ToString(), pair.GetProperty("remoteAddress").GetString());
        Assert.True(last.GetProperty("packetsReceived").GetInt64() > first.GetProperty("packetsReceived").GetInt64() + 100, $"{first} -> {last}");
        Assert.True(last.GetProperty("audioLevel").GetDouble() > 0.1, last.ToString());

        // The host candidate is out of reach: Chromium's checks towards it were routed to the router and dropped there.
        Assert.True(unsolicited > 0, "Chromium never tried the host candidate, so the NAT proved nothing.");
    }

    private static Task<JsonElement> InboundAudioAsync(IPage page) => ListenerPage.ReadStatsAsync(page, "() => window.inboundAudio()");

    private static Socket Bound(IPAddress address)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(address, 0));
        return socket;
    }
}
