using System.Diagnostics;
using System.Globalization;
using Orchestron.Benchmarks.Sessions;
using Orchestron.Testing;

namespace Orchestron.Benchmarks.Browser;

/// <summary>
/// Continuity as a browser listener hears it: a 1 kHz sine rendered at 44.1 kHz, resampled by the host and
/// received by Chromium for a set time, analysed in the page in 10 ms blocks for amplitude and phase steps,
/// with Chromium's own loss and concealment counters beside it. The host runs with its default frame and
/// queue settings; on the low-latency path with 5 ms frames (lead 2), the page's own counters standing in for
/// Chromium's.
/// </summary>
internal static class SineContinuity
{
    // The connection's start (first packets, the jitter buffer finding its depth) is not what is measured.
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromMinutes(1);

    public static async Task<ContinuityResult> MeasureAsync(TimeSpan duration, bool lowLatency = false, int queueTarget = 2, string[]? lowLatencySettings = null)
    {
        // The low-latency run: 5 ms frames, a lead of 2 frames unless the options set one (--queue-target, --lead-ms).
        string[] lowLatencyFrames =
        [
            "--webrtc-audio-frame-ms", "5", "--webrtc-audio-queue-frames-target", queueTarget.ToString(CultureInfo.InvariantCulture),
            "--webrtc-low-latency-frame-ms", "5", .. lowLatencySettings ?? [],
        ];
        await using var host = await BenchHost.StartAsync(["--csound-sr", "44100", "--csound-ksmps", "32", .. lowLatency ? lowLatencyFrames : []]);
        // 44.1 kHz, so the stream goes through the resampler to Opus's 48 kHz. The host passes its own rate and ksmps
        // to Csound as options, which override the header: its settings say 44100 and 32 as well.
        var session = await host.StartSessionAsync(TestInstruments.Sine(1000, sampleRate: 44100, ksmps: 32));
        await using var bench = await BenchPage.ListenAsync(host.Address, session, "block-meter", lowLatency);
        await bench.Page.EvaluateAsync("continuity.attach()");
        await Task.Delay(Settle);

        var pipelineBefore = await host.PipelineStatisticsAsync(session);
        var inboundBefore = lowLatency ? null : await bench.InboundAsync();
        var pathBefore = lowLatency ? await bench.LowLatencyAsync() : null;
        // The host shares this process, and a collection suspends its pacer too: counted beside the steps.
        var collectionsBefore = GC.CollectionCount(0);
        var pauseBefore = GC.GetTotalPauseDuration();
        // The pacer's lateness over the analysed time only: the session's own maximum also holds its start,
        // while Chromium was still launching beside it.
        using var pacing = new PacingRecorder();
        pacing.Restart();
        await bench.Page.EvaluateAsync("continuity.begin()");
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            var wait = ProgressEvery < duration - clock.Elapsed ? ProgressEvery : duration - clock.Elapsed;
            await Task.Delay(wait);
            var sofar = await bench.EvaluateAsync<ContinuityReport>("continuity.report()");
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{clock.Elapsed.TotalMinutes:0.0} min: {sofar.Blocks} blocks, {sofar.AmplitudeEvents} amplitude and {sofar.PhaseEvents} phase discontinuities"));
        }

        var report = await bench.EvaluateAsync<ContinuityReport>("continuity.report()");
        var pipelineAfter = await host.PipelineStatisticsAsync(session);
        var (_, pacingP99, pacingMax, _) = pacing.Stop();
        var hostUnderruns = pipelineAfter.GetProperty("underruns").GetInt64() - pipelineBefore.GetProperty("underruns").GetInt64();
        if (pathBefore is not null)
        {
            var pathAfter = await bench.LowLatencyAsync();
            return new ContinuityResult(
                report,
                pathAfter.Lost - pathBefore.Lost,
                pathAfter.ConcealedSamples - pathBefore.ConcealedSamples,
                pathAfter.Underruns - pathBefore.Underruns,
                0,
                pathAfter.SkippedSamples - pathBefore.SkippedSamples,
                pathAfter.ReserveMs,
                hostUnderruns,
                pacingP99,
                pacingMax,
                GC.CollectionCount(0) - collectionsBefore,
                (GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds,
                "low-latency",
                pathAfter.Recovered - pathBefore.Recovered,
                pathAfter with { Trims = pathAfter.Trims - pathBefore.Trims, Restarts = pathAfter.Restarts - pathBefore.Restarts });
        }

        var inboundAfter = await bench.InboundAsync();
        return new ContinuityResult(
            report,
            inboundAfter.PacketsLost - inboundBefore!.PacketsLost,
            inboundAfter.ConcealedSamples - inboundBefore.ConcealedSamples,
            inboundAfter.ConcealmentEvents - inboundBefore.ConcealmentEvents,
            inboundAfter.InsertedSamplesForDeceleration - inboundBefore.InsertedSamplesForDeceleration,
            inboundAfter.RemovedSamplesForAcceleration - inboundBefore.RemovedSamplesForAcceleration,
            Inbound.MeanJitterBufferMs(inboundBefore!, inboundAfter),
            hostUnderruns,
            pacingP99,
            pacingMax,
            GC.CollectionCount(0) - collectionsBefore,
            (GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds);
    }
}

/// <summary>What the page's continuity analysis found (see <c>Page/continuity.js</c>).</summary>
internal sealed record ContinuityReport(
    double Seconds,
    long Blocks,
    long AmplitudeSteps,
    long AmplitudeEvents,
    long PhaseSteps,
    long PhaseEvents,
    IReadOnlyList<ContinuityEvent> Events,
    double PitchHz,
    double CleanPitchHz,
    double CleanSeconds,
    double MaxAmplitudeDeviationDb,
    double MaxPhaseResidualRad,
    double MinRmsDb,
    double MaxRmsDb,
    long SilentBlocks = 0);

/// <summary>
/// One run of flagged blocks: its kind, when it began (seconds into the run), how many blocks it lasted, and its
/// largest deviation (dB for amplitude, radians for phase).
/// </summary>
internal sealed record ContinuityEvent(string Kind, double Seconds, int Blocks, double Value);

/// <summary>The page's analysis with Chromium's and the host's counters over the same time.</summary>
internal sealed record ContinuityResult(
    ContinuityReport Report,
    long PacketsLost,
    long ConcealedSamples,
    long ConcealmentEvents,
    long InsertedSamplesForDeceleration,
    long RemovedSamplesForAcceleration,
    double MeanJitterBufferMs,
    long Underruns,
    double PacingErrorP99Ms,
    double MaxPacingErrorMs,
    int Collections,
    double CollectionPauseMs,
    string Path = "RTP",
    long RecoveredFrames = 0,
    LowLatencyPathStats? PathAfter = null);
