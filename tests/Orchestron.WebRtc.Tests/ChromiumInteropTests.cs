using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using Orchestron.WebRtc.Opus;
using Orchestron.WebRtc;
using Orchestron.WebRtc.Transport;
using Orchestron.Testing;
using Orchestron.WebRtc.Tests.Support;

namespace Orchestron.WebRtc.Tests;

/// <summary>Chromium, as a person's browser, plays the session's stream.</summary>
public sealed class ChromiumInteropTests
{
    private const double ToneHz = 440;

    [Theory]
    [InlineData(OpusFrameDuration.TwoAndAHalfMilliseconds)]
    [InlineData(OpusFrameDuration.FiveMilliseconds)]
    [InlineData(OpusFrameDuration.TenMilliseconds)]
    [InlineData(OpusFrameDuration.TwentyMilliseconds)]
    public async Task Chromium_plays_the_sessions_tone(OpusFrameDuration frameDuration)
    {
        using var server = new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = IPAddress.Loopback });
        using var sender = server.CreateAudioSender(new WebRtcAudioSenderOptions { Opus = { FrameDuration = frameDuration } });
        using var tone = new TonePacer(sender, ToneHz, amplitude: 0.5f, sender.SamplesPerChannel);
        var (playwright, browser) = await PlaywrightChromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        await ListenerPage.ServeAsync(page, sender);

        await page.GotoAsync(ListenerPage.Origin + "/");
        await page.EvaluateAsync("url => window.listen(url)", ListenerPage.Origin + "/offer");
        await page.WaitForFunctionAsync("() => window.connectionState() === 'connected'", null, new() { Timeout = 20_000 });

        // Chromium publishes the inbound-rtp report only once packets have arrived, a moment after "connected".
        await page.WaitForFunctionAsync("async () => ((await window.inboundAudio())?.packetsReceived ?? 0) > 0", null, new() { Timeout = 10_000 });

        var first = await InboundAudioAsync(page);
        await Task.Delay(TimeSpan.FromSeconds(5));
        var last = await InboundAudioAsync(page);
        var peak = await page.EvaluateAsync<JsonElement>("() => window.dominantFrequency()");

        Assert.True(last.GetProperty("packetsReceived").GetInt64() > first.GetProperty("packetsReceived").GetInt64() + 100, $"{first} -> {last}");
        Assert.True(last.GetProperty("audioLevel").GetDouble() > 0, last.ToString());
        var concealed = last.GetProperty("concealedSamples").GetDouble() - first.GetProperty("concealedSamples").GetDouble();
        var received = last.GetProperty("totalSamplesReceived").GetDouble() - first.GetProperty("totalSamplesReceived").GetDouble();
        Assert.True(concealed < 0.01 * received, $"{concealed} of {received} samples concealed");

        // The analyser's bins are 48000 / 8192 = 5.9 Hz wide; interpolation puts the peak well within one.
        Assert.InRange(peak.GetProperty("hz").GetDouble(), ToneHz - 6, ToneHz + 6);
    }

    private static Task<JsonElement> InboundAudioAsync(IPage page) => ListenerPage.ReadStatsAsync(page, "() => window.inboundAudio()");
}
