using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Orchestron.Testing;
using Orchestron.Testing.Network;
using Orchestron.WebRtc.Opus;
using Orchestron.WebRtc.Tests.Support;
using Xunit.Abstractions;

namespace Orchestron.WebRtc.Tests.Network;

/// <summary>
/// Chromium behind a lossy link: with 10 % of the media packets dropped on the way in, a session sending RED
/// (distance 1) is concealed far less than one sending plain Opus, heard side by side through the same rule.
/// </summary>
/// <remarks>
/// Runs in a test process of its own (<c>scripts/test.sh</c> runs the tests with this trait apart from the rest): it
/// measures for 20 s, and the rest of the suite's Chromium and pacer threads on two cores would add late packets,
/// which Chromium conceals too, to what the network lost.
/// </remarks>
[Trait("Process", "Alone")]
public sealed class ChromiumRedLossTests(ITestOutputHelper output)
{
    private const double ToneHz = 1000;
    private const int LossPercent = 10;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Measured = TimeSpan.FromSeconds(20);

    [NetworkNamespaceFact]
    public async Task At_ten_percent_loss_red_conceals_clearly_less_than_plain_opus()
    {
        await using var setup = await ChromiumOverTestNetwork.StartAsync();
        var plain = setup.AddToneSession(redundancyDistance: 0, OpusFrameDuration.TenMilliseconds, ToneHz);
        var red = setup.AddToneSession(redundancyDistance: 1, OpusFrameDuration.TenMilliseconds, ToneHz);
        var plainPage = await ListenAsync(setup.Browser, plain);
        var redPage = await ListenAsync(setup.Browser, red);
        Assert.Equal(1, Assert.Single(red.GetListenerStatistics()).RedundancyDistance);
        Assert.Equal(0, Assert.Single(plain.GetListenerStatistics()).RedundancyDistance);

        setup.Network.Listener.DropIncomingRtp(LossPercent);
        await Task.Delay(Settle);
        var plainBefore = await InboundAudioAsync(plainPage);
        var redBefore = await InboundAudioAsync(redPage);
        var rtpBefore = setup.Network.Listener.CountRtp();
        await Task.Delay(Measured);
        var plainAfter = await InboundAudioAsync(plainPage);
        var redAfter = await InboundAudioAsync(redPage);
        var rtpAfter = setup.Network.Listener.CountRtp();

        var plainRun = Run.Between(plainBefore, plainAfter);
        var redRun = Run.Between(redBefore, redAfter);
        var dropped = rtpAfter.Dropped - rtpBefore.Dropped;
        var seen = rtpAfter.Seen - rtpBefore.Seen;
        var redStatistics = Assert.Single(red.GetListenerStatistics());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Measured.TotalSeconds:0} s, 10 ms frames, nftables dropped {dropped} of {seen} media packets ({100.0 * dropped / seen:0.0} %)"));
        output.WriteLine($"plain Opus: {plainRun}");
        output.WriteLine($"RED distance 1: {redRun}; goal of at most 1 % concealed {(redRun.ConcealedShare <= 0.01 ? "met" : "NOT met")}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"the sender's view of the RED listener: {redStatistics.RedundantBlocksSent} redundant blocks sent, receiver reports say {redStatistics.Reception.CumulativeLost} packets lost ({redStatistics.Reception.FractionLost:P1} in the last interval)"));

        // The rule really lost packets for both listeners, and both kept playing the tone.
        Assert.InRange(100.0 * dropped / seen, LossPercent / 2.0, LossPercent * 2.0);
        Assert.True(plainRun.PacketsLost > plainRun.PacketsReceived / 20, plainRun.ToString());
        Assert.True(redRun.PacketsLost > redRun.PacketsReceived / 20, redRun.ToString());
        Assert.True(redAfter.GetProperty("audioLevel").GetDouble() > 0.1, redAfter.ToString());

        // RED rebuilds a single lost packet from the next: far fewer samples are concealed than without it.
        Assert.True(redRun.ConcealedShare < 0.5 * plainRun.ConcealedShare, $"RED {redRun}; plain {plainRun}");

        // What the sender can know: the receiver reports count the packets lost before RED repaired them.
        Assert.True(redStatistics.Reception.CumulativeLost > 0, redStatistics.Reception.ToString());
        Assert.True(redStatistics.RedundantBlocksSent > redStatistics.PacketsSent / 2, redStatistics.ToString());
    }

    private static async Task<IPage> ListenAsync(IBrowser browser, WebRtcAudioSender sender)
    {
        var page = await browser.NewPageAsync();
        await ListenerPage.ServeAsync(page, sender);
        await page.GotoAsync(ListenerPage.Origin + "/");
        await page.EvaluateAsync("url => window.listen(url)", ListenerPage.Origin + "/offer");
        await page.WaitForFunctionAsync("() => window.connectionState() === 'connected'", null, new() { Timeout = 20_000 });
        await page.WaitForFunctionAsync("async () => ((await window.inboundAudio())?.packetsReceived ?? 0) > 0", null, new() { Timeout = 10_000 });
        return page;
    }

    private static Task<JsonElement> InboundAudioAsync(IPage page) => ListenerPage.ReadStatsAsync(page, "() => window.inboundAudio()");

    /// <summary>Chromium's counters over the measured stretch.</summary>
    private readonly record struct Run(long PacketsReceived, long PacketsLost, double SamplesReceived, double SamplesConcealed)
    {
        public double ConcealedShare => SamplesConcealed / SamplesReceived;

        public static Run Between(JsonElement before, JsonElement after) => new(
            Delta(before, after, "packetsReceived"),
            Delta(before, after, "packetsLost"),
            Delta(before, after, "totalSamplesReceived"),
            Delta(before, after, "concealedSamples"));

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{PacketsLost} of {PacketsLost + PacketsReceived} packets lost, {SamplesConcealed:0} of {SamplesReceived:0} samples concealed ({100 * ConcealedShare:0.00} %)");

        private static long Delta(JsonElement before, JsonElement after, string name) =>
            (long)(after.GetProperty(name).GetDouble() - before.GetProperty(name).GetDouble());
    }
}
