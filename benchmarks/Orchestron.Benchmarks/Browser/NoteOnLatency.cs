using System.Globalization;
using System.Text.Json;
using Orchestron.Testing;

namespace Orchestron.Benchmarks.Browser;

/// <summary>
/// Note-on latency as a browser listener hears it: the page posts each note-on to the host's MIDI endpoint (or
/// sends it on the control data channel) and times the onset in the track Chromium received, its jitter buffer and
/// decoder included, or (the low-latency path) in what the client's worklet plays from the data channel's frames.
/// </summary>
internal static class NoteOnLatency
{
    // Not counted: the first notes wait for the fetch connection and for the jitter buffer to settle.
    private const int WarmUpNotes = 3;

    private static readonly TimeSpan LowLatencySettle = TimeSpan.FromSeconds(15);

    public static async Task<LatencyRow> MeasureAsync(double frameMs, int queueMax, int queueTarget, int notes, LatencyOptions options, bool lowLatency = false)
    {
        await using var host = await BenchHost.StartAsync(
            [
                "--webrtc-audio-frame-ms", Text(frameMs),
                "--webrtc-audio-queue-frames-max", Text(queueMax),
                "--webrtc-audio-queue-frames-target", Text(queueTarget),
                "--webrtc-low-latency-frame-ms", lowLatency ? Text(frameMs) : "off",
                .. options.HostSettings(),
            ]);
        // A sine exactly while a note is held, with no attack or release: the onset is one sample, the silence after
        // a note-off immediate.
        var session = await host.StartSessionAsync(TestInstruments.SineByMidi);
        await using var bench = await BenchPage.ListenAsync(host.Address, session, "onset-detector", lowLatency, options.OverDataChannel, options.LatencyHint);
        await bench.Page.EvaluateAsync("noteLatency.attach()");
        if (lowLatency)
        {
            // The page's reserve starts with a render quantum of headroom until its lateness window holds enough
            // arrivals, then the playback rate takes that back at 0.04 %: measured once it has.
            await Task.Delay(LowLatencySettle);
        }

        if (options.SettleSeconds > 0)
        {
            // NetEQ starts at an 80 ms target and moves its buffer by time-stretching: let it settle before timing notes.
            await Task.Delay(TimeSpan.FromSeconds(options.SettleSeconds));
        }

        if (options.PauseMs > 0)
        {
            // NetEQ keeps the last two seconds of arrivals: give it three to see the stream on time again.
            await host.PausePacerAsync(TimeSpan.FromMilliseconds(options.PauseMs));
            await Task.Delay(TimeSpan.FromSeconds(3));
        }

        for (var note = 0; note < WarmUpNotes; note++)
        {
            await PlayAsync(bench, session);
        }

        var underrunsBefore = (await host.PipelineStatisticsAsync(session)).GetProperty("underruns").GetInt64();
        var inboundBefore = lowLatency ? null : await bench.InboundAsync();
        var pathBefore = lowLatency ? await bench.LowLatencyAsync() : null;
        var toOutput = new List<double>();
        var toPage = new List<double>();
        var answered = new List<double>();
        var toTrack = new List<double>();
        var missed = 0;
        for (var note = 0; note < notes; note++)
        {
            if (await PlayAsync(bench, session) is { } timing)
            {
                // Each note on the machine's wall clock, for a packet capture to be laid beside (see wire-breakdown.py).
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[note] {frameMs} {queueTarget} {timing.SentEpoch:0.000} {timing.ToPage:0.00} {timing.ToOutput:0.00} {timing.ToTrack:0.00}"));
                if (timing.ToTrack is { } inTrack)
                {
                    toTrack.Add(inTrack);
                }

                toOutput.Add(timing.ToOutput);
                toPage.Add(timing.ToPage);
                answered.Add(timing.Answered);
            }
            else
            {
                missed++;
            }
        }

        var underruns = (await host.PipelineStatisticsAsync(session)).GetProperty("underruns").GetInt64() - underrunsBefore;
        if (pathBefore is not null)
        {
            // The page's own buffer in place of Chromium's jitter buffer: the worklet's reserve at the end.
            var pathAfter = await bench.LowLatencyAsync();
            return new LatencyRow(
                "low-latency", frameMs, queueMax, queueTarget, Summary.Of(toOutput), Summary.Of(toPage), Summary.Of(answered), missed, underruns,
                pathAfter.ReserveMs,
                pathAfter.ConcealedSamples - pathBefore.ConcealedSamples,
                pathAfter.Lost - pathBefore.Lost,
                Lead: options.LeadText(queueTarget));
        }

        var inboundAfter = await bench.InboundAsync();
        InboundSeries.Print($"RTP, {frameMs} ms frames, lead {queueTarget}", await bench.InboundSeriesAsync());
        return new LatencyRow(
            "RTP", frameMs, queueMax, queueTarget, Summary.Of(toOutput), Summary.Of(toPage), Summary.Of(answered), missed, underruns,
            Inbound.MeanJitterBufferMs(inboundBefore!, inboundAfter),
            inboundAfter.ConcealedSamples - inboundBefore!.ConcealedSamples,
            inboundAfter.PacketsLost - inboundBefore.PacketsLost,
            Inbound.MeanTargetMs(inboundBefore, inboundAfter),
            Summary.Of(toTrack),
            options.LeadText(queueTarget));
    }

    private static async Task<NoteTiming?> PlayAsync(BenchPage bench, BenchSession session)
    {
        var result = await bench.Page.EvaluateAsync<JsonElement>(
            "([id, token]) => noteLatency.measure(id, token, 69)", new object[] { session.Id, session.ControlToken });
        return result.ValueKind == JsonValueKind.Null ? null : result.Deserialize<NoteTiming>(JsonSerializerOptions.Web);
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed record NoteTiming(double Answered, double ToPage, double ToOutput, double? ToTrack, double SentEpoch);
}

/// <summary>
/// One host setting's figures, in milliseconds where not counted. On the low-latency path the buffer is the
/// page's worklet reserve, and concealed samples and lost frames are the page's own counts; on the RTP path the
/// target is NetEQ's mean target delay over the timed notes, and <see cref="ToTrack"/> the onset as the received
/// track delivered it to the page (MediaStreamTrackProcessor), before Web Audio.
/// </summary>
internal sealed record LatencyRow(
    string Path,
    double FrameMs,
    int QueueMax,
    int QueueTarget,
    Summary ToOutput,
    Summary ToPage,
    Summary Answered,
    int Missed,
    long Underruns,
    double MeanJitterBufferMs,
    long ConcealedSamples,
    long PacketsLost,
    double MeanTargetMs = double.NaN,
    Summary? ToTrack = null,
    string Lead = "");

/// <summary>The median and the worst of a set of timings, and how many there were.</summary>
internal sealed record Summary(double Median, double Worst, int Count)
{
    public static Summary Of(List<double> values)
    {
        if (values.Count == 0)
        {
            return new Summary(double.NaN, double.NaN, 0);
        }

        values.Sort();
        var middle = values.Count / 2;
        var median = values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
        return new Summary(median, values[^1], values.Count);
    }
}
