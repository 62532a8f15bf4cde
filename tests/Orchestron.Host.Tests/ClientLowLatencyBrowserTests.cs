using System.Text.Json;
using Microsoft.Playwright;
using Orchestron.Host.Tests.Support;
using Orchestron.Testing;

namespace Orchestron.Host.Tests;

/// <summary>
/// The client's low-latency path in headless Chromium against the real host: with WebCodecs the page opens the
/// audio data channel, decodes the 2.5 ms Opus frames and plays them from its worklet, measured at the worklet's
/// output; without AudioDecoder it opens no channel and plays the RTP track.
/// </summary>
public sealed class ClientLowLatencyBrowserTests
{
    // Taps the low-latency player's output with an analyser, so the pitch is measured on what that path plays.
    private const string TapLowLatencyOutput = """
        () => {
          const path = window.orchestron.lowLatency.current;
          const analyser = path.context.createAnalyser();
          analyser.fftSize = 4096;
          path.node.connect(analyser);
          window.lowLatencyAnalyser = analyser;
        }
        """;

    [Fact]
    public async Task Chromium_plays_the_low_latency_path_at_the_keys_pitch_and_shows_it()
    {
        await using var host = await RunningHost.StartAsync(null, "--webrtc-audio-frame-ms", "10", "--webrtc-low-latency-frame-ms", "2.5");
        var (playwright, browser) = await PlaywrightChromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, message) => console.Add(message.Text);

        await StartAsync(page, host);
        await page.WaitForFunctionAsync("() => window.orchestron.lowLatency?.current?.active === true", null, new() { Timeout = 20_000 });
        await page.EvaluateAsync(TapLowLatencyOutput);
        var pitch = await HoldA4AndMeasureAsync(page, "window.lowLatencyAnalyser");

        var stats = await page.EvaluateAsync<JsonElement>("() => window.orchestron.lowLatency.current.stats()");
        var indicator = await page.TextContentAsync("#audio-path");
        var muted = await page.EvaluateAsync<bool>("() => window.orchestron.audio.muted");

        Assert.InRange(pitch, 440 * 0.98, 440 * 1.02);
        Assert.Equal("low-latency", stats.GetProperty("path").GetString());
        Assert.Equal(2.5, stats.GetProperty("frameMs").GetDouble());
        Assert.True(stats.GetProperty("packets").GetInt64() > 400, stats.ToString());
        Assert.Equal(0, stats.GetProperty("malformed").GetInt64());
        Assert.Equal(0, stats.GetProperty("decodeErrors").GetInt64());
        Assert.True(stats.GetProperty("rttMs").ValueKind == JsonValueKind.Number, stats.ToString());
        // The reserve controller has started playing (a loaded machine may catch it stalled for a moment), reads each
        // frame's sender timestamp back from the decoder's output (no jump in them, so it never started over), and
        // shows its reserve (the lateness quantile and more, up to its 100 ms bound) and rate.
        Assert.Contains(stats.GetProperty("playout").GetString(), new[] { "playing", "stalled" });
        Assert.Equal(0, stats.GetProperty("rebased").GetInt64());
        Assert.True(stats.GetProperty("reserveMs").GetDouble() >= Math.Min(stats.GetProperty("latenessMs").GetDouble(), 100), stats.ToString());
        Assert.InRange(stats.GetProperty("rateOffsetPpm").GetDouble(), -400.0001, 400.0001);
        Assert.StartsWith("Low-latency path · 2.5 ms frames", indicator, StringComparison.Ordinal);
        Assert.True(muted, "the RTP element plays too");
        Assert.DoesNotContain(console, line => line.Contains("low-latency audio path failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_AudioDecoder_the_page_opens_no_audio_channel_and_plays_the_rtp_track()
    {
        await using var host = await RunningHost.StartAsync();
        var (playwright, browser) = await PlaywrightChromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        // Without WebCodecs; every data channel the page makes is recorded (the control channel is opened either way).
        await page.AddInitScriptAsync("""
            delete window.AudioDecoder;
            window.channelLabels = [];
            (() => {
              const createDataChannel = RTCPeerConnection.prototype.createDataChannel;
              RTCPeerConnection.prototype.createDataChannel = function (label, options) {
                window.channelLabels.push(label);
                return createDataChannel.call(this, label, options);
              };
            })();
            """);

        await StartAsync(page, host);
        var pitch = await HoldA4AndMeasureAsync(page, "window.orchestron.analyser");

        Assert.InRange(pitch, 440 * 0.98, 440 * 1.02);
        Assert.True(await page.EvaluateAsync<bool>("() => window.orchestron.lowLatency.supported === false && window.orchestron.lowLatency.current === null"));
        Assert.False(await page.EvaluateAsync<bool>("() => window.orchestron.audio.muted"));
        var labels = await page.EvaluateAsync<string[]>("() => window.channelLabels");
        Assert.DoesNotContain("orchestron-audio", labels);
        Assert.Contains("orchestron-control", labels);
        Assert.Equal("RTP track (this browser has no WebCodecs Opus decoder)", await page.TextContentAsync("#audio-path"));
    }

    private static async Task StartAsync(IPage page, RunningHost host)
    {
        await page.GotoAsync(new Uri(host.Address, "/client/").ToString());
        await page.WaitForSelectorAsync("body[data-ready='true']");
        await page.ClickAsync("[data-instrument='analog-poly']");
        await page.ClickAsync("#start-button");
        await page.WaitForSelectorAsync("#audio-status[data-state='live']", new() { Timeout = 30_000 });
    }

    private static async Task<double> HoldA4AndMeasureAsync(IPage page, string analyser)
    {
        var key = await page.QuerySelectorAsync(".key[data-note='69']") ?? throw new InvalidOperationException("No A4 key on the page.");
        var box = await key.BoundingBoxAsync() ?? throw new InvalidOperationException("The A4 key is not visible.");
        await page.Mouse.MoveAsync(box.X + (box.Width / 2), box.Y + (box.Height * 0.8f));
        await page.Mouse.DownAsync();
        await Task.Delay(800);
        var measure = ClientLiveBrowserTests.MeasurePitch.Replace("window.orchestron.analyser", analyser, StringComparison.Ordinal);
        var pitches = new List<double>();
        for (var i = 0; i < 15; i++)
        {
            pitches.Add(await page.EvaluateAsync<double>(measure));
            await Task.Delay(60);
        }

        await page.Mouse.UpAsync();
        pitches.Sort();
        return pitches[pitches.Count / 2];
    }
}
