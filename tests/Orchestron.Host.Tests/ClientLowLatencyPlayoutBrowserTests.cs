using System.Text.Json;
using Orchestron.Host.Tests.Support;

namespace Orchestron.Host.Tests;

/// <summary>
/// The low-latency player's reserve controller, as the host serves it, in headless Chromium: the client's own
/// <c>low-latency-playout.js</c> is driven render quantum by render quantum with made-up arrivals of a 1 kHz sine
/// (ClientScripts/low-latency-playout-simulation.js), and what it plays is analysed as the browser benchmark does,
/// in 10 ms blocks for amplitude and phase steps. No audio device, no clock: the arrivals are the test's.
/// </summary>
public sealed class ClientLowLatencyPlayoutBrowserTests
{
    [Fact]
    public async Task Jitter_and_clock_drift_are_absorbed_by_the_playback_rate_without_a_step()
    {
        await using var host = await RunningHost.StartAsync();
        await using var page = await PlayoutPage.OpenAsync(host);

        // A sender 150 ppm fast, and one 150 ppm slow, against the AudioContext; up to 2 ms of jitter on 5 ms frames.
        foreach (var drift in new[] { 150, -150 })
        {
            var run = await page.SimulateAsync(new { seconds = 90, frameSamples = 240, driftPpm = drift, jitterMs = 2 });

            Assert.Equal(0, run.GetProperty("status").GetProperty("shortfalls").GetInt32());
            Assert.Equal(0, run.GetProperty("status").GetProperty("trims").GetInt32());
            Assert.Equal(0, run.GetProperty("amplitudeSteps").GetInt32());
            Assert.Equal(0, run.GetProperty("phaseSteps").GetInt32());
            Assert.True(run.GetProperty("maxPhaseResidual").GetDouble() < 0.05, run.ToString());
            // The rate's integral takes up the drift, and the rate stays inside its bound.
            var integral = run.GetProperty("status").GetProperty("driftPpm").GetDouble();
            Assert.InRange(integral, drift - 30, drift + 30);
            Assert.InRange(run.GetProperty("maxRateOffsetPpm").GetDouble(), 0, 400.0001);
            // The margin sits at the reserve, and the reserve is the lateness quantile and a little more.
            Assert.InRange(run.GetProperty("marginErrorMs").GetDouble(), -0.5, 0.5);
            var lateness = run.GetProperty("latenessMs").GetDouble();
            Assert.InRange(run.GetProperty("reserveMs").GetDouble(), lateness, lateness + 1);
        }
    }

    [Fact]
    public async Task The_reserve_is_made_of_the_measured_lateness_and_follows_it_down_by_rate_alone()
    {
        await using var host = await RunningHost.StartAsync();
        await using var page = await PlayoutPage.OpenAsync(host);

        var steady = await page.SimulateAsync(new { seconds = 30, frameSamples = 240, jitterMs = 0.5 });
        var jittery = await page.SimulateAsync(new { seconds = 30, frameSamples = 240, jitterMs = 6 });
        // 40 s of 6 ms jitter, then 40 s of 0.5 ms: the reserve comes down once the window forgets the jitter.
        var calmed = await page.SimulateAsync(new { seconds = 80, frameSamples = 240, jitterMs = 6, calmAfterSeconds = 40, calmJitterMs = 0.5 });

        // A render quantum (2.7 ms) of lateness comes from handing frames over between quanta alone.
        Assert.InRange(steady.GetProperty("reserveMs").GetDouble(), 2.7, 4.5);
        Assert.InRange(jittery.GetProperty("reserveMs").GetDouble(), 7.5, 10);
        Assert.InRange(calmed.GetProperty("reserveMs").GetDouble(), 2.7, 4.5);
        foreach (var run in new[] { steady, jittery, calmed })
        {
            Assert.Equal(0, run.GetProperty("status").GetProperty("shortfalls").GetInt32());
            Assert.Equal(0, run.GetProperty("status").GetProperty("trims").GetInt32());
            Assert.Equal(0, run.GetProperty("phaseSteps").GetInt32());
            Assert.Equal(0, run.GetProperty("amplitudeSteps").GetInt32());
        }

        Assert.InRange(calmed.GetProperty("marginErrorMs").GetDouble(), -0.5, 0.5);
    }

    [Fact]
    public async Task A_stall_is_one_faded_gap_and_playback_resumes_at_the_reserve()
    {
        await using var host = await RunningHost.StartAsync();
        await using var page = await PlayoutPage.OpenAsync(host);

        var run = await page.SimulateAsync(new { seconds = 30, frameSamples = 120, jitterMs = 1, stall = new { atSeconds = 15, forMs = 40 } });

        var status = run.GetProperty("status");
        Assert.Equal(1, status.GetProperty("shortfalls").GetInt32());
        Assert.Equal(1, status.GetProperty("restarts").GetInt32());
        Assert.Equal("playing", status.GetProperty("state").GetString());
        // What the stall held back beyond the reserve was skipped on resuming, not played late for good.
        Assert.True(status.GetProperty("skipped").GetInt32() > 0, status.ToString());
        Assert.InRange(run.GetProperty("marginErrorMs").GetDouble(), -0.5, 0.5);
        // One burst is one event: the reserve does not stay up for the window after it.
        Assert.True(run.GetProperty("reserveMs").GetDouble() < 5, run.ToString());
        Assert.Equal(0, status.GetProperty("trims").GetInt32());
    }

    [Fact]
    public async Task A_lost_frame_keeps_the_timeline_whole()
    {
        await using var host = await RunningHost.StartAsync();
        await using var page = await PlayoutPage.OpenAsync(host);

        var run = await page.SimulateAsync(new { seconds = 20, frameSamples = 240, jitterMs = 1, lostEvery = 1000 });

        var status = run.GetProperty("status");
        Assert.Equal(0, status.GetProperty("shortfalls").GetInt32());
        Assert.Equal(0, status.GetProperty("rebased").GetInt32());
        Assert.InRange(run.GetProperty("marginErrorMs").GetDouble(), -0.5, 0.5);
    }

    /// <summary>A page at the host's origin with the client's playout module and the simulation loaded.</summary>
    private sealed class PlayoutPage(ClientScriptPage page) : IAsyncDisposable
    {
        public static async Task<PlayoutPage> OpenAsync(RunningHost host) => new(await ClientScriptPage.OpenAsync(host, $$"""
            async () => {
              const { LowLatencyPlayout } = await import('/client/low-latency-playout.js');
              const { simulate } = await import('{{ClientScriptPage.ScriptsPath}}low-latency-playout-simulation.js');
              window.simulatePlayout = (options) => simulate(LowLatencyPlayout, options);
            }
            """));

        public Task<JsonElement> SimulateAsync(object options) => page.EvaluateAsync("options => window.simulatePlayout(options)", options);

        public ValueTask DisposeAsync() => page.DisposeAsync();
    }
}
