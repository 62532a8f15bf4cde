using Orchestron.Host.Tests.Support;

namespace Orchestron.Host.Tests;

/// <summary>
/// The low-latency path's page side with Chromium's real Opus decoder between the packets and the worklet
/// (ClientScripts/low-latency-decode-loss.js): what a lost packet does to the timeline the worklet keeps.
/// </summary>
public sealed class ClientLowLatencyDecodeBrowserTests
{
    [Fact]
    public async Task Two_lost_packets_become_two_frames_of_concealed_silence_and_the_timeline_goes_on_unbroken()
    {
        await using var host = await RunningHost.StartAsync();
        await using var page = await ClientScriptPage.OpenAsync(host, $$"""
            async () => {
              const { LowLatencyAudio } = await import('/client/low-latency-audio.js');
              const { playWithLoss } = await import('{{ClientScriptPage.ScriptsPath}}low-latency-decode-loss.js');
              window.playWithLoss = (options) => playWithLoss(LowLatencyAudio, options);
            }
            """);

        // Two in a row: without redundancy in the packets, neither can be rebuilt.
        var stats = await page.EvaluateAsync("options => window.playWithLoss(options)", new { frames = 400, lose = new[] { 200, 201 } });

        Assert.Equal(400, stats.GetProperty("encodedFrames").GetInt32());
        Assert.Equal(398, stats.GetProperty("packets").GetInt32());
        Assert.Equal(2, stats.GetProperty("lost").GetInt32());
        Assert.Equal(0, stats.GetProperty("decodeErrors").GetInt32());
        // Chromium stamps decoded frames as if nothing were missing; the page still places them by the sender's
        // timestamps, so the gap is filled where it was and the controller never has to start its timeline over.
        Assert.True(stats.GetProperty("rebased").GetInt32() == 0, stats.ToString());
        Assert.True(stats.GetProperty("concealedSamples").GetInt32() >= 480, stats.ToString());
    }
}
