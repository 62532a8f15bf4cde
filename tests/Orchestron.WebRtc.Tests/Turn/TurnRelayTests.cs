using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using Orchestron.WebRtc;
using Orchestron.WebRtc.Transport;
using Orchestron.WebRtc.Turn;
using Orchestron.Testing;
using Orchestron.WebRtc.Tests.Support;
using Xunit.Abstractions;

namespace Orchestron.WebRtc.Tests.Turn;

/// <summary>
/// The deployment's TURN path for real: Debian's coturn with a shared secret (TURN REST credentials), and
/// Chromium forced to relay-only ICE, so every packet it receives has come through coturn.
/// </summary>
public sealed class TurnRelayTests(ITestOutputHelper output)
{

    [Fact]
    public async Task Chromium_restricted_to_relay_candidates_hears_the_tone_through_coturn()
    {
        using var coturn = await CoturnServer.StartAsync(DeploymentFile("docker", "turnserver.conf"));
        using var stream = new LoopbackToneSender();
        var (server, sender) = (stream.Server, stream.Sender);
        var (playwright, browser) = await PlaywrightChromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        await ListenerPage.ServeAsync(page, sender);
        var credentials = TurnRestCredentials.Create(coturn.Secret, "orchestron", TimeSpan.FromHours(1));
        var configuration = new
        {
            iceTransportPolicy = "relay",
            iceServers = new[] { new { urls = coturn.Url, username = credentials.Username, credential = credentials.Credential } },
        };

        await page.GotoAsync(ListenerPage.Origin + "/");
        await page.EvaluateAsync("([url, configuration]) => window.listen(url, configuration)", new object[] { ListenerPage.Origin + "/offer", configuration });
        try
        {
            await page.WaitForFunctionAsync("() => window.connectionState() === 'connected'", null, new() { Timeout = 30_000 });
        }
        catch (TimeoutException error)
        {
            throw new Xunit.Sdk.XunitException(
                $"No relayed connection; connectionState {await page.EvaluateAsync<string>("() => window.connectionState()")}. coturn log:\n{coturn.ReadLog()}\n{error.Message}");
        }

        // 'connected' can come before the first RTP packet, and the inbound-rtp report only after it.
        await page.WaitForFunctionAsync("async () => (await window.inboundAudio()) !== null", null, new() { Timeout = 10_000 });
        var first = await InboundAudioAsync(page);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var last = await InboundAudioAsync(page);
        var pair = await ListenerPage.ReadStatsAsync(page, "() => window.selectedPair()");
        output.WriteLine($"selected pair {pair}; inbound {first} -> {last}");

        Assert.Equal("relay", pair.GetProperty("localType").GetString());
        Assert.Equal("udp", pair.GetProperty("relayProtocol").GetString());
        Assert.Equal($"127.0.0.1:{server.Port}", pair.GetProperty("remoteAddress").GetString());
        Assert.True(last.GetProperty("packetsReceived").GetInt64() > first.GetProperty("packetsReceived").GetInt64() + 50, $"{first} -> {last}");
        Assert.True(last.GetProperty("audioLevel").GetDouble() > 0, last.ToString());
        // The relayed address comes from turnserver.conf's relay port range: the deployment's settings are in force.
        var relayPort = int.Parse(pair.GetProperty("localAddress").GetString()!.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(relayPort, 49160, 49200);
    }

    private static string DeploymentFile(params string[] parts)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Orchestron.sln")))
            {
                return Path.Combine([directory.FullName, .. parts]);
            }
        }

        throw new InvalidOperationException($"No Orchestron.sln above {AppContext.BaseDirectory}.");
    }

    private static Task<JsonElement> InboundAudioAsync(IPage page) => ListenerPage.ReadStatsAsync(page, "() => window.inboundAudio()");
}
