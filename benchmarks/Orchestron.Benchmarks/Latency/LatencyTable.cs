using System.Diagnostics;
using System.Globalization;
using System.Net;
using Orchestron.Csound;
using Orchestron.Streaming;
using Orchestron.Streaming.Audio;
using Orchestron.WebRtc;
using Orchestron.WebRtc.Opus;
using Orchestron.WebRtc.Transport;
using Orchestron.Testing;

namespace Orchestron.Benchmarks.Latency;

/// <summary>
/// Measures, for each frame size and queue setting, how long a note takes from the MIDI note-on to its
/// onset in the decoded audio at a listener (render lead, pacing, Opus and SRTP, the network; no browser
/// jitter buffer), and how many underruns the pacer counted meanwhile. Prints a Markdown table. Options:
/// <c>--rows 5:8:1,10:4:2</c> (frame ms : <c>QUEUE_FRAMES_MAX</c> : <c>QUEUE_FRAMES_TARGET</c>, the rows below unless
/// given), <c>--opus-application audio|restricted-lowdelay</c>, and <c>--notes N</c> (12 unless given).
/// </summary>
internal static class LatencyTable
{
    private static readonly (double FrameMs, int Max, int Target)[] Rows =
    [
        (10, 4, 2), (10, 8, 3), (20, 4, 2), (20, 8, 3), (20, 16, 8),
    ];

    public static async Task RunAsync(string[] args)
    {
        var rows = Value(args, "--rows") is { } text
            ? text.Split(',').Select(row => row.Split(':')).Select(parts => (
                double.Parse(parts[0], CultureInfo.InvariantCulture),
                int.Parse(parts[1], CultureInfo.InvariantCulture),
                int.Parse(parts[2], CultureInfo.InvariantCulture))).ToArray()
            : Rows;
        var application = Value(args, "--opus-application") switch
        {
            null or "audio" => OpusApplication.Audio,
            "restricted-lowdelay" => OpusApplication.RestrictedLowDelay,
            var other => throw new ArgumentException($"--opus-application is audio or restricted-lowdelay, not '{other}'."),
        };
        var notes = Value(args, "--notes") is { } count ? int.Parse(count, CultureInfo.InvariantCulture) : 12;
        Console.WriteLine($"Opus {application}, {notes} notes per row");
        Console.WriteLine("| frame | QUEUE_FRAMES_MAX | QUEUE_FRAMES_TARGET | note-on to ear, median | p10 | worst | underruns |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var (frameMs, max, target) in rows)
        {
            var (median, p10, worst, underruns, seconds) = await MeasureAsync(frameMs, max, target, application, notes);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {frameMs} ms | {max} | {target} | {median:0.0} ms | {p10:0.0} ms | {worst:0.0} ms | {underruns} in {seconds:0} s |"));
        }
    }

    private static string? Value(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static async Task<(double Median, double P10, double Worst, long Underruns, double Seconds)> MeasureAsync(
        double frameMs, int max, int target, OpusApplication application, int notes)
    {
        using var server = new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = IPAddress.Loopback });
        var csoundOptions = new CsoundInstanceOptions { HostMidiInput = true, MessageLevel = 0 };
        csoundOptions.AdditionalOptions.Add("--sample-rate=48000");
        csoundOptions.AdditionalOptions.Add("--ksmps=32");
        using var csound = new CsoundInstance(csoundOptions);
        csound.CompileCsdText(TestInstruments.SineByMidi);
        var options = new StreamingAudioOptions { FrameMs = frameMs, QueueFramesMax = max, QueueFramesTarget = target, FlushOnConnect = true, StartupKeepFrames = 1 };
        var sender = new WebRtcAudioSenderOptions();
        sender.Opus.Application = application;
        await using var stream = CsoundWebRtcStream.Start(csound, server, options, sender);
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
        for (var note = 0; note < notes; note++)
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
            // A random pause, so note-ons fall anywhere within the pacer's frame.
            await Task.Delay(300 + Random.Shared.Next(100));
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        latencies.Sort();
        return (latencies[latencies.Count / 2], latencies[latencies.Count / 10], latencies[^1], stream.AudioStatistics.Underruns - underrunsBefore, seconds);
    }
}
