using System.Diagnostics;
using System.Globalization;
using System.Net;
using Orchestron.Csound;
using Orchestron.Streaming;
using Orchestron.Streaming.Audio;
using Orchestron.Streaming.Engine;
using Orchestron.Testing;
using Orchestron.WebRtc.Opus;
using Orchestron.WebRtc.Transport;

namespace Orchestron.Benchmarks.Sessions;

/// <summary>
/// What sessions cost, side by side in one run: the floor (Csound alone and Opus alone on the same audio), one
/// session with one loopback listener, one session nobody listens to, one session while another process keeps a
/// core busy, and a ramp of N sessions with a listener
/// each, reporting CPU per 60 s of audio, underruns, drops and pacing error, and the largest N without underruns.
/// </summary>
/// <remarks>Run: <c>dotnet run -c Release --project benchmarks/Orchestron.Benchmarks -- sessions [--seconds 20] [--max 32] [--floor-only | --idle-only | --listened-only | --frames-only | --rounds N]</c>.</remarks>
internal static class SessionsBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var seconds = Option(args, "--seconds", 20);
        var max = Option(args, "--max", 32);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sessions: {seconds} s per measurement, up to {max} sessions, {Environment.ProcessorCount} cores, engine: {StreamingEngine.Shared.RenderWorkerCount} render workers, absolute sleep: {MonotonicPacerClock.UsesAbsoluteSleep}"));
        Console.WriteLine("CPU figures are CPU-seconds per 60 s of audio per session.");
        Console.WriteLine();

        if (args.Contains("--rounds"))
        {
            using var roundsServer = new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = IPAddress.Loopback });
            using var roundsPacing = new PacingRecorder();
            await OverheadRounds.RunAsync(roundsServer, roundsPacing, Option(args, "--rounds", 3), seconds);
            return;
        }

        if (args.Contains("--frames-only"))
        {
            using var framesServer = new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = IPAddress.Loopback });
            using var framesPacing = new PacingRecorder();
            await FrameSizeCosts.RunAsync(framesServer, framesPacing, seconds);
            return;
        }

        WakeCost.Print();
        var (csound, opus) = MeasureFloor(seconds);
        var floor = csound + opus;
        Console.WriteLine("| measurement | CPU-s / 60 s audio | engine threads | pacer | render | transport | vs floor |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
        Row("Csound alone", csound, csound, 0, 0, 0, csound / floor);
        Row("Opus alone", opus, opus, 0, 0, 0, opus / floor);
        Row("floor (Csound + Opus)", floor, floor, 0, 0, 0, 1);
        foreach (var burstMs in new[] { 20, 40 })
        {
            var paced = PacedCsoundFloor.Measure(NewInstance, seconds, burstMs);
            Row($"Csound alone, paced in {burstMs} ms bursts", paced, paced, 0, 0, 0, paced / floor);
        }

        var pacedFloor = PacedCsoundFloor.Measure(NewInstance, seconds, 20, encode: true);
        Row("Csound + Opus on one thread, paced every 20 ms", pacedFloor, pacedFloor, 0, 0, 0, pacedFloor / floor);

        if (args.Contains("--floor-only"))
        {
            return;
        }

        using var server = new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = IPAddress.Loopback });
        using var pacing = new PacingRecorder();
        if (args.Contains("--idle-only") || args.Contains("--listened-only"))
        {
            // One session alone, for a profiler attached to the process.
            var alone = await RunSessionsAsync(server, pacing, 1, listeners: args.Contains("--listened-only"), seconds);
            Row("1 session alone", alone.PerSession(c => c.Process), alone.PerSession(c => c.Engine),
                alone.PerSession(c => c.Pacer), alone.PerSession(c => c.Render), alone.PerSession(c => c.Transport), alone.PerSession(c => c.Engine) / floor);
            return;
        }

        var listened = await RunSessionsAsync(server, pacing, 1, listeners: true, seconds);
        Row("1 session, 1 listener", listened.PerSession(c => c.Process), listened.PerSession(c => c.Engine),
            listened.PerSession(c => c.Pacer), listened.PerSession(c => c.Render), listened.PerSession(c => c.Transport), listened.PerSession(c => c.Engine) / floor);
        var idle = await RunSessionsAsync(server, pacing, 1, listeners: false, seconds);
        Row("1 session, nobody listening", idle.PerSession(c => c.Process), idle.PerSession(c => c.Engine),
            idle.PerSession(c => c.Pacer), idle.PerSession(c => c.Render), idle.PerSession(c => c.Transport), idle.PerSession(c => c.Engine) / floor);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"\nlistened session overhead over the floor: {(listened.PerSession(c => c.Engine) / floor - 1) * 100:+0.0;-0.0} % (engine threads), goal <= +10 %; over the paced floor: {(listened.PerSession(c => c.Engine) / pacedFloor - 1) * 100:+0.0;-0.0} %"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"idle session vs Csound alone: {idle.PerSession(c => c.Engine) / csound:0.00}x (engine threads), goal <= 1.10x"));

        await FrameSizeCosts.RunAsync(server, pacing, seconds);

        SessionsRun loaded;
        using (BusyCore.Start())
        {
            loaded = await RunSessionsAsync(server, pacing, 1, listeners: true, seconds);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"1 session, 1 listener, another process spinning on a core: pacing error median {loaded.Pacing.Median:0.000} ms, p99 {loaded.Pacing.P99:0.000} ms, max {loaded.Pacing.Max:0.000} ms (goal p99 <= 1 ms, max <= 5 ms); underruns {loaded.Underruns}\n"));

        Console.WriteLine("| sessions | process CPU (% of all cores) | engine CPU-s / 60 s / session | underruns | drops | listener gaps | pacing median | p99 | max |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        var largestClean = 0;
        var failedSteps = 0;
        foreach (var n in Ramp(max))
        {
            var run = await RunSessionsAsync(server, pacing, n, listeners: true, seconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {n} | {run.Cpu.Process / run.Seconds / Environment.ProcessorCount * 100:0} % | {run.PerSession(c => c.Engine):0.00} | {run.Underruns} | {run.Drops} | {run.Gaps} | {run.Pacing.Median:0.000} ms | {run.Pacing.P99:0.000} ms | {run.Pacing.Max:0.000} ms |"));
            if (run.Underruns == 0)
            {
                largestClean = n;
                failedSteps = 0;
            }
            else if (++failedSteps == 2)
            {
                // Two sizes in a row with underruns: larger ones will not hold either.
                break;
            }
        }

        Console.WriteLine($"\nlargest N with 0 underruns: {largestClean}");
        Console.WriteLine("Timing figures depend on what else the machine runs; compare ratios within one run.");
    }

    private static IEnumerable<int> Ramp(int max)
    {
        for (var n = 1; n < max; n = n < 8 ? n * 2 : n + 8)
        {
            yield return n;
        }

        yield return max;
    }

    /// <summary>Csound rendering and Opus encoding the same <paramref name="seconds"/> of audio on this thread, each timed alone.</summary>
    internal static (double Csound, double Opus) MeasureFloor(int seconds)
    {
        var frames = seconds * 48000;
        var audio = new float[frames * 2];
        using (var instance = NewInstance())
        {
            instance.Start();
            var written = 0;

            // This thread's own time: the process's would also hold whatever its other threads (a collection, the
            // JIT compiling in the background, a session of the previous measurement winding down) did meanwhile.
            var before = CpuTimes.CurrentThreadSeconds();
            while (written < audio.Length && instance.PerformKsmps() is false)
            {
                var spout = instance.Spout;
                for (var i = 0; i < spout.Length && written < audio.Length; i++)
                {
                    audio[written++] = (float)spout[i];
                }
            }

            var csound = CpuTimes.CurrentThreadSeconds() - before;
            using var encoder = new OpusEncoder(new OpusEncoderOptions { FrameDuration = OpusFrameDuration.TwentyMilliseconds });
            var packet = new byte[OpusEncoder.MaxPacketSize];
            var frameLength = encoder.SamplesPerChannel * 2;
            before = CpuTimes.CurrentThreadSeconds();
            for (var offset = 0; offset + frameLength <= audio.Length; offset += frameLength)
            {
                encoder.Encode(audio.AsSpan(offset, frameLength), packet);
            }

            var opus = CpuTimes.CurrentThreadSeconds() - before;
            return (csound * 60 / seconds, opus * 60 / seconds);
        }
    }

    internal static async Task<SessionsRun> RunSessionsAsync(UdpMediaTransport server, PacingRecorder pacing, int count, bool listeners, int seconds, double frameMs = StreamingAudioOptions.DefaultFrameMs)
    {
        var instances = new List<CsoundInstance>();
        var streams = new List<CsoundWebRtcStream>();
        var peers = new List<LoopbackListener>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var instance = NewInstance();
                instances.Add(instance);
                var stream = CsoundWebRtcStream.Start(instance, server, new StreamingAudioOptions { FrameMs = frameMs });
                streams.Add(stream);
                if (listeners)
                {
                    var peer = new LoopbackListener();
                    peers.Add(peer);
                    peer.Start(stream.AcceptOffer(peer.Offer()).Sdp);
                }
            }

            var connecting = Stopwatch.StartNew();
            while (peers.Any(p => !p.IsConnected) && connecting.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(20);
            }

            // Settle: every session connected, first frames flushed, the pacers on their schedules.
            await Task.Delay(1000);
            var before = streams.Select(s => s.AudioStatistics).ToArray();
            var gapsBefore = peers.Sum(p => Interlocked.Read(ref p.SequenceGaps));
            pacing.Restart();
            var cpuBefore = CpuTimes.Now();
            var start = Stopwatch.GetTimestamp();
            await Task.Delay(TimeSpan.FromSeconds(seconds));
            var cpu = CpuTimes.Now() - cpuBefore;
            var elapsed = CpuTimes.Since(start);
            var result = pacing.Stop();
            var after = streams.Select(s => s.AudioStatistics).ToArray();
            return new SessionsRun(
                count,
                elapsed,
                cpu,
                after.Zip(before, (a, b) => a.Underruns - b.Underruns).Sum(),
                after.Zip(before, (a, b) => a.Drops - b.Drops).Sum(),
                peers.Sum(p => Interlocked.Read(ref p.SequenceGaps)) - gapsBefore,
                result);
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }

            foreach (var peer in peers)
            {
                peer.Dispose();
            }

            foreach (var instance in instances)
            {
                instance.Dispose();
            }
        }
    }

    internal static CsoundInstance NewInstance()
    {
        var instance = new CsoundInstance(new CsoundInstanceOptions { MessageLevel = 0 });
        instance.CompileCsdText(FourVoices.Csd);
        return instance;
    }

    private static void Row(string name, double process, double engine, double pacer, double render, double transport, double ratio) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {process:0.00} | {engine:0.00} | {pacer:0.00} | {render:0.00} | {transport:0.00} | {ratio:0.00}x |"));

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : fallback;
    }

    internal sealed record SessionsRun(int Sessions, double Seconds, CpuTimes Cpu, long Underruns, long Drops, long Gaps, (double Median, double P99, double Max, int Count) Pacing)
    {
        /// <summary>CPU-seconds per 60 s of audio per session.</summary>
        public double PerSession(Func<CpuTimes, double> part) => part(Cpu) * 60 / Seconds / Sessions;
    }
}
