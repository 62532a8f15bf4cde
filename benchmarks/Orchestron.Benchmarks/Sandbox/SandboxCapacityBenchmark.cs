using System.Globalization;
using Orchestron.Benchmarks.Sessions;
using Orchestron.Csound;
using Orchestron.Streaming.Audio;
using Orchestron.Streaming.Engine;
using Orchestron.Streaming.Sandbox;

namespace Orchestron.Benchmarks.Sandbox;

/// <summary>
/// How many sessions of each isolation play without an underrun: sessions of the 4-voice patch are started in steps
/// up to the same count, first in-process (the shared engine's render pool), then sandboxed (one worker each), and
/// after each step every session's underruns are counted over a hold. Reports the CPU the sessions used (this
/// process and, sandboxed, every worker) and the machine's load average, which on a shared machine says how much of
/// the result is other people's work.
/// </summary>
internal static class SandboxCapacityBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var max = Option(args, "--max", 24);
        var step = Option(args, "--step", 4);
        var hold = Option(args, "--seconds", 10);
        var audio = new StreamingAudioOptions();
        var sandbox = new CsoundSandboxOptions();
        Console.WriteLine($"Sandbox capacity: the 4-voice patch, up to {max} sessions in steps of {step}, {hold} s held per step, "
            + $"{Environment.ProcessorCount} cores, frames of {audio.FrameMs} ms, lead {audio.QueueFramesTarget}, worker {sandbox.WorkerPath}");

        var inProcess = await RampAsync("in-process", max, step, hold, () => Task.FromResult(CapacitySession.InProcess(audio)));
        var sandboxed = await RampAsync("sandboxed", max, step, hold, () => CapacitySession.SandboxedAsync(sandbox, audio));

        Console.WriteLine();
        Console.WriteLine("| sessions | in-process underruns | in-process CPU (cores) | load (1 min) | sandboxed underruns | sandboxed CPU (cores) | load (1 min) |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (var i = 0; i < Math.Max(inProcess.Count, sandboxed.Count); i++)
        {
            var a = i < inProcess.Count ? inProcess[i] : null;
            var b = i < sandboxed.Count ? sandboxed[i] : null;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {(a ?? b)!.Sessions} | {Cell(a?.Underruns)} | {Cell(a?.Cores, "0.00")} | {Cell(a?.Load, "0.0")} | {Cell(b?.Underruns)} | {Cell(b?.Cores, "0.00")} | {Cell(b?.Load, "0.0")} |"));
        }

        Console.WriteLine();
        Console.WriteLine($"Most sessions at 0 underruns: in-process {Clean(inProcess)}, sandboxed {Clean(sandboxed)} (of {max} tried)");
    }

    private static async Task<List<StepResult>> RampAsync(string kind, int max, int step, int hold, Func<Task<CapacitySession>> start)
    {
        var sessions = new List<CapacitySession>();
        var results = new List<StepResult>();
        try
        {
            for (var count = step; count <= max; count += step)
            {
                while (sessions.Count < count)
                {
                    sessions.Add(await start());
                }

                // The sessions just started settle (first renders, page faults) before the hold is measured.
                await Task.Delay(TimeSpan.FromSeconds(2));
                var underrunsBefore = sessions.Sum(session => session.Underruns);
                var cpuBefore = CpuSeconds(sessions);
                var clock = System.Diagnostics.Stopwatch.StartNew();
                await Task.Delay(TimeSpan.FromSeconds(hold));
                var cores = (CpuSeconds(sessions) - cpuBefore) / clock.Elapsed.TotalSeconds;
                var result = new StepResult(count, sessions.Sum(session => session.Underruns) - underrunsBefore, cores, LoadAverage());
                results.Add(result);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {kind}: {count} sessions, {result.Underruns} underruns in {hold} s, {cores:0.00} cores, load {result.Load:0.0}"));
            }
        }
        finally
        {
            foreach (var session in sessions)
            {
                await session.DisposeAsync();
            }
        }

        return results;
    }

    private static double CpuSeconds(List<CapacitySession> sessions) =>
        CpuTimes.Now().Process + sessions.Sum(session => session.OwnProcessCpuSeconds());

    private static double LoadAverage() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);

    private static string Clean(List<StepResult> results) =>
        results.LastOrDefault(result => result.Underruns == 0 && results.TakeWhile(r => r != result).All(r => r.Underruns == 0))?.Sessions.ToString(CultureInfo.InvariantCulture) ?? "none";

    private static string Cell(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Cell(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "";

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private sealed record StepResult(int Sessions, long Underruns, double Cores, double Load);

    /// <summary>One playing session of either isolation, read by its own pacer; nobody listens, so nothing is encoded.</summary>
    private sealed class CapacitySession : IAsyncDisposable
    {
        private readonly Func<long> _underruns;
        private readonly Func<double> _ownProcessCpu;
        private readonly Func<ValueTask> _dispose;

        private CapacitySession(Func<long> underruns, Func<double> ownProcessCpu, Func<ValueTask> dispose)
        {
            _underruns = underruns;
            _ownProcessCpu = ownProcessCpu;
            _dispose = dispose;
        }

        public long Underruns => _underruns();

        /// <summary>CPU-seconds of a process of the session's own (its worker); zero in-process.</summary>
        public double OwnProcessCpuSeconds() => _ownProcessCpu();

        public static CapacitySession InProcess(StreamingAudioOptions audio)
        {
            var instance = new CsoundInstance(CsoundInstanceOptions.Headless());
            instance.CompileCsdText(FourVoices.Csd);
            var buffer = new AudioFrameQueue(audio);
            var pipeline = new SpoutPipeline(buffer);
            var performer = new CsoundPerformer(instance, new CsoundPerformerOptions { Mode = CsoundPerformanceMode.Streaming }, pipeline);
            var track = new QueueAudioTrack(buffer);
            StreamingEngine.Shared.StartPerformer(performer, pipeline);
            track.Start();
            return new CapacitySession(() => buffer.Metrics.GetSnapshot().Underruns, () => 0, async () =>
            {
                track.Stop();
                await performer.DisposeAsync();
                track.Dispose();
                buffer.Dispose();
                instance.Dispose();
            });
        }

        public static async Task<CapacitySession> SandboxedAsync(CsoundSandboxOptions options, StreamingAudioOptions audio)
        {
            var worker = await SandboxedCsoundWorker.LaunchAsync(options, audio);
            await worker.CompileAsync(FourVoices.Csd, []);
            var stream = await SandboxedCsoundStream.StartAsync(worker, options);
            return new CapacitySession(() => stream.AudioStatistics.Underruns, () => worker.WorkerCpuTime().TotalSeconds, stream.DisposeAsync);
        }

        public ValueTask DisposeAsync() => _dispose();
    }
}
