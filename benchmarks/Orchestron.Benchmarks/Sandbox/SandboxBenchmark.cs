using System.Diagnostics;
using System.Globalization;
using Orchestron.Csound;
using Orchestron.Streaming.Audio;
using Orchestron.Streaming.Engine;
using Orchestron.Streaming.Sandbox;
using Orchestron.Testing;

namespace Orchestron.Benchmarks.Sandbox;

/// <summary>
/// A sandboxed session beside an in-process one, in one run: the same 1 kHz sine at sr 44100 through each for the
/// same time, read by the same pacer. Reports discontinuities, pitch, CPU per session and wake-ups (the worker
/// process whole against the in-process render threads, from the scheduler's nanosecond counters), the queue's share of the latency, and how long a sandboxed session
/// takes to create and start.
/// </summary>
internal static class SandboxBenchmark
{
    private const double Frequency = 1000;

    // The shared engine's render pool: the threads that render in-process sessions.
    private const string RenderThreadPrefix = "Orchestron rend";

    public static async Task RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 60;
        var audio = new StreamingAudioOptions();
        var sandboxOptions = new CsoundSandboxOptions();
        Console.WriteLine($"Sandboxed beside in-process: a {Frequency} Hz sine at sr 44100, {seconds} s, frames of {audio.FrameMs} ms, lead {audio.QueueFramesTarget} frames, {Environment.ProcessorCount} cores");

        var coldStarts = await MeasureStartsAsync(() => SandboxedCsoundWorker.LaunchAsync(sandboxOptions, audio), sandboxOptions, runs: 10);
        await using var availability = new Orchestron.Streaming.Sandbox.SandboxAvailability(sandboxOptions, audio);
        _ = await availability.UnavailableReasonAsync();
        var readyStarts = await MeasureStartsAsync(availability.LaunchWorkerAsync, sandboxOptions, runs: 10);

        // In-process: the shared engine's render pool and pacer, as the host runs a library instrument.
        using var instance = new CsoundInstance(CsoundInstanceOptions.Headless());
        instance.CompileCsdText(TestInstruments.Sine(Frequency, 44100));
        using var buffer = new AudioFrameQueue(audio);
        var pipeline = new SpoutPipeline(buffer);
        await using var performer = new CsoundPerformer(instance, new CsoundPerformerOptions { Mode = CsoundPerformanceMode.Streaming }, pipeline);
        using var track = new QueueAudioTrack(buffer);
        var inProcess = new ContinuityProbe(buffer);
        track.AddConsumer(inProcess);

        // Sandboxed: a worker in bubblewrap, the host's pacer reading the shared ring.
        await using var worker = await SandboxedCsoundWorker.LaunchAsync(sandboxOptions, audio);
        await worker.CompileAsync(TestInstruments.Sine(Frequency, 44100), []);
        await using var stream = await SandboxedCsoundStream.StartAsync(worker, sandboxOptions);
        var sandboxed = new ContinuityProbe(worker.Queue);
        stream.Track.AddConsumer(sandboxed);

        StreamingEngine.Shared.StartPerformer(performer, pipeline);
        track.Start();

        // Both warm up for two seconds (JIT, caches) before the measured window opens.
        await Task.Delay(TimeSpan.FromSeconds(2));
        inProcess.Recording = true;
        sandboxed.Recording = true;
        var workerPid = worker.FindWorkerProcessId() ?? throw new InvalidOperationException("The worker process has gone: " + worker.Exited.Result);
        var renderBefore = ThreadSchedule.Of(Environment.ProcessId, RenderThreadPrefix);
        var workerBefore = ThreadSchedule.Of(workerPid);
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var renderUsed = ThreadSchedule.Of(Environment.ProcessId, RenderThreadPrefix) - renderBefore;
        var workerUsed = ThreadSchedule.Of(workerPid) - workerBefore;
        var elapsed = clock.Elapsed.TotalSeconds;
        inProcess.Recording = false;
        sandboxed.Recording = false;
        track.Stop();
        await stream.StopAsync();

        var inProcessCpu = renderUsed.CpuSeconds / elapsed;
        var sandboxCpu = workerUsed.CpuSeconds / elapsed;
        Console.WriteLine();
        Console.WriteLine("| | in-process | sandboxed |");
        Console.WriteLine("| --- | ---: | ---: |");
        Row("audio received (s)", inProcess.Left.Count / 48_000.0, sandboxed.Left.Count / 48_000.0, "0.0");
        Row("discontinuities", inProcess.Discontinuities(Frequency), sandboxed.Discontinuities(Frequency), "0");
        Row("silent frames after the first (underruns)", inProcess.SilentFrames, sandboxed.SilentFrames, "0");
        Row("timestamp gaps", inProcess.TimestampGaps, sandboxed.TimestampGaps, "0");
        Row("frames dropped (whole run)", buffer.Metrics.GetSnapshot().Drops, worker.Queue.Metrics.GetSnapshot().Drops, "0");
        Row("measured pitch (Hz)", inProcess.MeasuredFrequency(), sandboxed.MeasuredFrequency(), "0.0000");
        Row("CPU per session (% of a core)", inProcessCpu * 100, sandboxCpu * 100, "0.00");
        Row("mean audio queued behind a taken frame (ms)", inProcess.MeanQueuedMs, sandboxed.MeanQueuedMs, "0.00");
        Row("wake-ups per second (render threads / worker)", renderUsed.WakeUps / elapsed, workerUsed.WakeUps / elapsed, "0.0");
        Row("CPU per wake-up (µs)", renderUsed.CpuSeconds * 1e6 / Math.Max(1, renderUsed.WakeUps), workerUsed.CpuSeconds * 1e6 / Math.Max(1, workerUsed.WakeUps), "0.0");
        Console.WriteLine();
        Console.WriteLine($"CPU ratio sandboxed / in-process: {sandboxCpu / inProcessCpu:0.00} (in-process counts its render threads; sandboxed the whole worker process)");
        Console.WriteLine($"Latency added by the sandbox: {sandboxed.MeanQueuedMs - inProcess.MeanQueuedMs:0.00} ms (one frame is {audio.FrameMs} ms)");
        Console.WriteLine($"Sandboxed create + start, worker launched on demand, {coldStarts.Count} runs: median {Median(coldStarts):0} ms, max {coldStarts.Max():0} ms");
        Console.WriteLine($"Sandboxed create + start, worker kept ready as the host does, {readyStarts.Count} runs: median {Median(readyStarts):0} ms, max {readyStarts.Max():0} ms");
    }

    private static async Task<List<double>> MeasureStartsAsync(Func<Task<SandboxedCsoundWorker>> launch, CsoundSandboxOptions options, int runs)
    {
        var times = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            // Sessions are created seconds apart, not back to back: time for a worker kept ready to be launched.
            await Task.Delay(TimeSpan.FromSeconds(1));
            var clock = Stopwatch.StartNew();
            await using var worker = await launch();
            await worker.CompileAsync(TestInstruments.Sine(Frequency, 44100), []);
            await using var stream = await SandboxedCsoundStream.StartAsync(worker, options);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        return times;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static void Row(string label, double inProcess, double sandboxed, string format) =>
        Console.WriteLine($"| {label} | {inProcess.ToString(format, CultureInfo.InvariantCulture)} | {sandboxed.ToString(format, CultureInfo.InvariantCulture)} |");
}
