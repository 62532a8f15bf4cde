using System.Text.Json;
using Microsoft.Playwright;
using Orchestron.Host.Tests.Support;
using Orchestron.Testing;

namespace Orchestron.Host.Tests;

/// <summary>
/// A person's path through the client, in headless Chromium against the real host: choose an instrument,
/// start, hear the stream go live, play a key, stop. The page's own analyser measures what arrived.
/// </summary>
public sealed class ClientLiveBrowserTests
{
    // The pitch of what the page receives, by normalised autocorrelation over the meter's time-domain frame
    // (the first strong peak, so harmonics cannot pass for the fundamental), refined by a parabola.
    internal const string MeasurePitch = """
        () => {
          const analyser = window.orchestron.analyser;
          const samples = new Float32Array(analyser.fftSize);
          analyser.getFloatTimeDomainData(samples);
          const rate = analyser.context.sampleRate;
          const minLag = Math.floor(rate / 2000), maxLag = Math.floor(rate / 60);
          const correlation = new Float64Array(maxLag + 2);
          let strongest = 0;
          for (let lag = minLag; lag <= maxLag + 1; lag++) {
            let sum = 0, a = 0, b = 0;
            for (let i = 0; i + lag < samples.length; i++) {
              sum += samples[i] * samples[i + lag]; a += samples[i] * samples[i]; b += samples[i + lag] * samples[i + lag];
            }
            correlation[lag] = sum / Math.sqrt(a * b + 1e-20);
            strongest = Math.max(strongest, correlation[lag]);
          }
          for (let lag = minLag + 1; lag <= maxLag; lag++) {
            const [l, c, r] = [correlation[lag - 1], correlation[lag], correlation[lag + 1]];
            if (c >= l && c >= r && c > 0.85 * strongest) {
              return rate / (lag + 0.5 * (l - r) / (l - 2 * c + r));
            }
          }
          return 0;
        }
        """;

    [Fact]
    public async Task A_person_starts_a_session_hears_it_live_plays_a_key_at_its_pitch_and_stops()
    {
        await using var host = await RunningHost.StartAsync();
        var (playwright, browser) = await PlaywrightChromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });

        await page.GotoAsync(new Uri(host.Address, "/client/").ToString());
        await page.WaitForSelectorAsync("body[data-ready='true']");
        await page.ClickAsync("[data-instrument='analog-poly']");
        await page.ClickAsync("#start-button");
        await page.WaitForSelectorAsync("#audio-status[data-state='live']", new() { Timeout = 30_000 });

        // Hold A4 (MIDI 69, 440 Hz) with the mouse, as a person would.
        var key = await page.QuerySelectorAsync(".key[data-note='69']") ?? throw new InvalidOperationException("No A4 key on the page.");
        var box = await key.BoundingBoxAsync() ?? throw new InvalidOperationException("The A4 key is not visible.");
        await page.Mouse.MoveAsync(box.X + (box.Width / 2), box.Y + (box.Height * 0.8f));
        await page.Mouse.DownAsync();
        await Task.Delay(800);
        var pitches = new List<double>();
        for (var i = 0; i < 15; i++)
        {
            pitches.Add(await page.EvaluateAsync<double>(MeasurePitch));
            await Task.Delay(60);
        }

        var screenshot = Path.Combine(ArtifactsFolder(), "client-live.png");
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        await page.Mouse.UpAsync();

        pitches.Sort();
        var pitch = pitches[pitches.Count / 2];
        Assert.InRange(pitch, 440 * 0.98, 440 * 1.02);
        // The page's statistics panel samples getStats() once a second after going live.
        await page.WaitForFunctionAsync("() => window.orchestron.stats?.packetsReceived > 0", null, new() { Timeout = 15_000 });
        var stats = await page.EvaluateAsync<JsonElement>("() => window.orchestron.stats");
        Assert.True(File.Exists(screenshot));

        await page.ClickAsync("#stop-button");
        await page.WaitForSelectorAsync("#audio-status[data-state='idle']", new() { Timeout = 15_000 });
        Assert.True(stats.GetProperty("packetsReceived").GetDouble() > 0);
    }

    /// <summary>artifacts/test-results at the repository root, where the test script collects results.</summary>
    private static string ArtifactsFolder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Orchestron.sln")))
        {
            directory = directory.Parent;
        }

        var folder = Path.Combine(directory?.FullName ?? Path.GetTempPath(), "artifacts", "test-results");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
