using System.Net;
using System.Text.Json;
using Orchestron.Testing;
using Orchestron.WebRtc.Opus;
using Orchestron.WebRtc.Tests.Support;
using Orchestron.WebRtc.Transport;

namespace Orchestron.WebRtc.Tests.DataChannels;

/// <summary>Chromium opens a reliable and an unreliable data channel beside the audio; messages go both ways.</summary>
public sealed class ChromiumDataChannelTests
{
    private const int Messages = 100;

    [Fact]
    public async Task Chromium_opens_both_channels_exchanges_messages_and_keeps_playing_the_audio()
    {
        using var server = new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = IPAddress.Loopback });
        using var sender = server.CreateAudioSender(new WebRtcAudioSenderOptions { Opus = { FrameDuration = OpusFrameDuration.TenMilliseconds } });
        var echo = new DataChannelEcho();
        echo.Attach(sender);
        using var tone = new TonePacer(sender, 440, amplitude: 0.5f, sender.SamplesPerChannel);
        var (playwright, browser) = await PlaywrightChromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        await ListenerPage.ServeAsync(page, sender);

        await page.GotoAsync(ListenerPage.Origin + "/");
        await page.EvaluateAsync(
            "url => window.listen(url, {}, [{ label: 'reliable' }, { label: 'unreliable', init: { ordered: false, maxRetransmits: 0 } }])",
            ListenerPage.Origin + "/offer");
        await page.WaitForFunctionAsync("() => window.channelLog.reliable.open && window.channelLog.unreliable.open", null, new() { Timeout = 20_000 });
        await page.WaitForFunctionAsync("async () => ((await window.inboundAudio())?.packetsReceived ?? 0) > 0", null, new() { Timeout = 10_000 });
        var before = await ListenerPage.ReadStatsAsync(page, "() => window.inboundAudio()");

        // The reliable channel takes its messages in one burst. The unreliable one gets them a few milliseconds apart,
        // as control messages come: in a burst, the messages a stall of this machine keeps unacknowledged past
        // Chromium's retransmission timeout are abandoned at once (maxRetransmits 0), a run of dozens.
        await page.EvaluateAsync("() => window.sendNumbered('reliable', " + Messages + ")");
        await page.EvaluateAsync("() => window.sendNumbered('unreliable', " + Messages + ", 2)");
        await page.WaitForFunctionAsync(
            $"() => window.channelLog.reliable.texts.length >= {Messages + 1} && window.channelLog.reliable.binaries.length >= {Messages}",
            null,
            new() { Timeout = 20_000 });
        await Task.Delay(TimeSpan.FromSeconds(2));
        var log = await page.EvaluateAsync<JsonElement>("() => window.channelLog");
        var after = await ListenerPage.ReadStatsAsync(page, "() => window.inboundAudio()");

        var reliable = echo.Channels["reliable"];
        var unreliable = echo.Channels["unreliable"];
        Assert.True(reliable.Ordered && reliable.Reliable);
        Assert.False(unreliable.Ordered);
        Assert.Equal(0, unreliable.MaxRetransmits);

        var seenReliable = log.GetProperty("reliable");
        Assert.Equal(
            new[] { "hello:reliable" }.Concat(Enumerable.Range(0, Messages).Select(i => $"echo:reliable:{i}")),
            Strings(seenReliable.GetProperty("texts")));
        Assert.Equal(Enumerable.Range(1, Messages).Select(i => i.ToString("x8")), Strings(seenReliable.GetProperty("binaries")));
        Assert.Equal(Enumerable.Range(0, Messages).Select(i => $"reliable:{i}"), echo.Texts.Where(t => t.Label == "reliable").Select(t => t.Text));

        // The unreliable channel sends each message once: on a quiet machine loopback loses none, but a loaded one may
        // lose a few in socket buffers or past a retransmission timeout, which nothing sends again.
        var seenUnreliable = log.GetProperty("unreliable");
        var unreliableTexts = Strings(seenUnreliable.GetProperty("texts")).ToList();
        string Describe() => $"{seenUnreliable}; received here {echo.Texts.Count(t => t.Label == "unreliable")}; refused sends {echo.RefusedSends}; "
            + $"transport dropped {server.DatagramsDropped}, errors {server.DatagramErrors}";
        Assert.True(unreliableTexts.Count >= 0.9 * (Messages + 1), Describe());
        Assert.Equal(unreliableTexts.Count, unreliableTexts.Distinct().Count());
        Assert.True(seenUnreliable.GetProperty("binaries").GetArrayLength() >= 0.9 * Messages, Describe());
        Assert.True(echo.Texts.Count(t => t.Label == "unreliable") >= 0.9 * Messages, Describe());

        // The audio kept playing through it all.
        Assert.True(after.GetProperty("packetsReceived").GetInt64() > before.GetProperty("packetsReceived").GetInt64() + 100, $"{before} -> {after}");
        var concealed = after.GetProperty("concealedSamples").GetDouble() - before.GetProperty("concealedSamples").GetDouble();
        var received = after.GetProperty("totalSamplesReceived").GetDouble() - before.GetProperty("totalSamplesReceived").GetDouble();
        Assert.True(concealed < 0.01 * received, $"{concealed} of {received} samples concealed");

        // Closing one channel in the page resets its stream: our side closes it and the other stays open.
        await page.EvaluateAsync("() => window.channels.reliable.close()");
        await Eventually.TrueAsync(() => echo.Closed.Contains("reliable"), TimeSpan.FromSeconds(10), () => "our side never saw the close");
        await page.WaitForFunctionAsync("() => window.channels.reliable.readyState === 'closed'", null, new() { Timeout = 10_000 });
        Assert.Equal("open", await page.EvaluateAsync<string>("() => window.channels.unreliable.readyState"));
        Assert.True(unreliable.SendText("still here"));
        await page.WaitForFunctionAsync("() => window.channelLog.unreliable.texts.includes('still here')", null, new() { Timeout = 10_000 });
    }

    private static IEnumerable<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!);
}
