using System.Globalization;

namespace Orchestron.Benchmarks.Browser;

/// <summary>The browser benchmark's figures as Markdown tables.</summary>
internal static class BrowserTables
{
    public static void PrintLatency(IEnumerable<LatencyRow> rows)
    {
        Console.WriteLine();
        Console.WriteLine("| path | `FRAME_MS` | `QUEUE_FRAMES_MAX` | lead (frames, or ms) | notes | note-on to output, median | worst | onset in page, median | worst | onset in the track (before Web Audio), median | post answered, median | jitter buffer (RTP: Chromium's, mean; low-latency: the page's reserve) | NetEQ target, mean | concealed samples | packets lost | host underruns |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var row in rows)
        {
            var missed = row.Missed > 0 ? $" ({row.Missed} missed)" : "";
            var target = double.IsNaN(row.MeanTargetMs) ? "-" : Text($"{row.MeanTargetMs:0} ms");
            var inTrack = row.ToTrack is { Count: > 0 } track ? Text($"{track.Median:0} ms") : "-";
            Console.WriteLine(Text(
                $"| {row.Path} | {row.FrameMs} | {row.QueueMax} | {row.Lead} | {row.ToOutput.Count}{missed} | {row.ToOutput.Median:0} ms | {row.ToOutput.Worst:0} ms | {row.ToPage.Median:0} ms | {row.ToPage.Worst:0} ms | {inTrack} | {row.Answered.Median:0} ms | {row.MeanJitterBufferMs:0} ms | {target} | {row.ConcealedSamples} | {row.PacketsLost} | {row.Underruns} |"));
        }
    }

    public static void PrintContinuity(ContinuityResult result)
    {
        var report = result.Report;
        Console.WriteLine();
        Console.WriteLine("| measured | result |");
        Console.WriteLine("| --- | --- |");
        Console.WriteLine(Text($"| time analysed | {report.Seconds:0.0} s, {report.Blocks} blocks of 10 ms |"));
        Console.WriteLine(Text($"| pitch (mean 1 kHz phase advance), whole run | {report.PitchHz:0.00000} Hz |"));
        Console.WriteLine(Text($"| pitch, over the {report.CleanSeconds:0.0} s of unflagged blocks | {report.CleanPitchHz:0.00000} Hz |"));
        Console.WriteLine(Text($"| amplitude discontinuities (blocks > 1 dB from the last second's median) | {report.AmplitudeEvents} ({report.AmplitudeSteps} blocks; largest deviation {report.MaxAmplitudeDeviationDb:0.000} dB; block RMS {report.MinRmsDb:0.00} to {report.MaxRmsDb:0.00} dBFS) |"));
        Console.WriteLine(Text($"| phase discontinuities (advance > 0.05 rad from the last second's median) | {report.PhaseEvents} ({report.PhaseSteps} blocks; largest residual {report.MaxPhaseResidualRad:0.0000} rad) |"));
        if (result.Path == "RTP")
        {
            Console.WriteLine(Text($"| Chromium: packets lost, concealed samples (events) | {result.PacketsLost}, {result.ConcealedSamples} ({result.ConcealmentEvents}) |"));
            Console.WriteLine(Text($"| Chromium: samples inserted to slow down, removed to speed up | {result.InsertedSamplesForDeceleration}, {result.RemovedSamplesForAcceleration} |"));
            Console.WriteLine(Text($"| Chromium jitter buffer, mean | {result.MeanJitterBufferMs:0} ms |"));
        }
        else
        {
            Console.WriteLine(Text($"| path | {result.Path} |"));
            Console.WriteLine(Text($"| page: frames lost (not rebuilt), rebuilt from redundancy | {result.PacketsLost}, {result.RecoveredFrames} |"));
            Console.WriteLine(Text($"| page: concealed samples (late-packet events), samples skipped to shrink the reserve | {result.ConcealedSamples} ({result.ConcealmentEvents}), {result.RemovedSamplesForAcceleration} |"));
            Console.WriteLine(Text($"| page: worklet reserve at the end | {result.MeanJitterBufferMs:0.0} ms |"));
            if (result.PathAfter is { } path)
            {
                Console.WriteLine(Text($"| page: reserve controller at the end | {path.Playout}; lateness quantile {path.LatenessMs:0.00} ms (largest seen {path.MaxLatenessMs:0.00} ms); margin {path.MarginErrorMs:+0.00;-0.00} ms from the reserve; rate {path.RateOffsetPpm:+0;-0} ppm, drift taken up {path.DriftPpm:+0;-0} ppm |"));
                Console.WriteLine(Text($"| page: last resorts (crossfaded trims, restarts after a stall) | {path.Trims}, {path.Restarts} |"));
            }

        }
        Console.WriteLine(Text($"| host: underruns, pacing error p99 and largest | {result.Underruns}, {result.PacingErrorP99Ms:0.00} ms and {result.MaxPacingErrorMs:0.0} ms |"));
        Console.WriteLine(Text($"| host process: garbage collections, total pause | {result.Collections}, {result.CollectionPauseMs:0.0} ms |"));
        foreach (var step in report.Events)
        {
            Console.WriteLine(Text($"| {step.Kind} discontinuity at {step.Seconds:0.00} s | {step.Blocks} blocks, largest deviation {step.Value:0.000} |"));
        }
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
