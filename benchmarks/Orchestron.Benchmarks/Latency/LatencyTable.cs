using System.Diagnostics;
using System.Globalization;
using System.Net;
using Orchestron.Csound;
using Orchestron.Streaming;
using Orchestron.Streaming.Audio;
using Orchestron.WebRtc;
using Orchestron.WebRtc.Transport;
using Orchestron.Testing;

namespace Orchestron.Benchmarks.Latency;

/// <summary>
/// Measures, for each frame size and queue setting, how long a note takes from the MIDI note-on to its
/// onset in the decoded audio at a listener (render lead, pacing, Opus and SRTP, the network; no browser
/// jitter buffer), and how many underruns the pacer counted meanwhile. Prints a Markdown table.
/// </summary>
internal static class LatencyTable
{
    private const int Notes = 12;

    private static readonly (int FrameMs, int Max, int Target)[] Rows =
    [
        (10, 4, 2), (10, 8, 3), (20, 4, 2), (20, 8, 3), (20, 16, 8),
    ];

    public static async Task RunAsync()
    {
        Console.WriteLine("| frame | QUEUE_FRAMES_MAX | QUEUE_FRAMES_TARGET | note-on to ear, median | worst | underruns |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var (frameMs, max, target) in Rows)
        {
            var (median, worst, underruns, seconds) = await MeasureAsync(frameMs, max, target);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {frameMs} ms | {max} | {target} | {median:0} ms | {worst:0} ms | {underruns} in {seconds:0} s |"));
        }
    }

    private static async Task<(double Median, double Worst, long Underruns, double Seconds)> MeasureAsync(int frameMs, int max, int target)
    {
        using var server = new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = IPAddress.Loopback });
        var csoundOptions = new CsoundInstanceOptions { HostMidiInput = true, MessageLevel = 0 };
        csoundOptions.AdditionalOptions.Add("--sample-rate=48000");
        csoundOptions.AdditionalOptions.Add("--ksmps=32");
        using var csound = new CsoundInstance(csoundOptions);
        csound.CompileCsdText(TestInstruments.SineByMidi);
        var options = new StreamingAudioOptions { FrameMs = frameMs, QueueFramesMax = max, QueueFramesTarget = target, FlushOnConnect = true, StartupKeepFrames = 1 };
        await using var stream = CsoundWebRtcStream.Start(csound, server, options);
        using var listener = new LoopbackListener(decode: true);
        listener.Start(stream.AcceptOffer(listener.Offer()).Sdp);
        while (!listener.IsConnected)
        {
            await Task.Delay(10);
        }

        await Task.Delay(1000);
        var underrunsBefore = stream.AudioStatistics.Underruns;
        var started = Stopwatch.GetTimestamp();
        var latencies = new List<double>();
        for (var note = 0; note < Notes; note++)
        {
            listener.Onsets.Clear();
            var sent = Stopwatch.GetTimestamp();
            csound.SendMidi(0x90, 69, 100);
            long onset;
            var deadline = DateTime.UtcNow.AddSeconds(2);
            while (!listener.Onsets.TryPeek(out onset) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(1);
            }

            if (onset != 0)
            {
                latencies.Add(Stopwatch.GetElapsedTime(sent, onset).TotalMilliseconds);
            }

            await Task.Delay(250);
            csound.SendMidi(0x80, 69, 0);
            await Task.Delay(350);
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        latencies.Sort();
        return (latencies[latencies.Count / 2], latencies[^1], stream.AudioStatistics.Underruns - underrunsBefore, seconds);
    }
}
