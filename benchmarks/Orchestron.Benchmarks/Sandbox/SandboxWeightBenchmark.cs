using System.Diagnostics;
using System.Globalization;
using Orchestron.Csound;
using Orchestron.Streaming.Audio;
using Orchestron.Streaming.Engine;
using Orchestron.Streaming.Sandbox;
using Orchestron.Testing;

namespace Orchestron.Benchmarks.Sandbox;

/// <summary>
/// What a session weighs, sandboxed beside in-process, in one run: N sessions of the same sine of each kind, the
/// memory of this process's whole tree 5 s after the last start (resident, proportional, private and page tables),
/// what the sessions cost the machine (the charge of this process's memory cgroup, which counts each page once, and
/// the kernel's MemAvailable, machine-wide), and how long each create + start took. Then one sandbox taken apart,
/// process by process.
/// </summary>
internal static class SandboxWeightBenchmark
{
    private static readonly string Csd = TestInstruments.Sine(440, 44100);

    public static async Task RunAsync(string[] args)
    {
        var sessions = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 8;
        var audio = new StreamingAudioOptions();
        var options = new CsoundSandboxOptions();
        var self = Environment.ProcessId;
        Console.WriteLine($"Session weight: {sessions} sessions of a 440 Hz sine at sr 44100 per kind, {Environment.ProcessorCount} cores, worker {options.WorkerPath}");
        Console.WriteLine($"Memory cgroup charge read from {CgroupMemory.ChargeFile ?? "(none: this process has no memory cgroup to read)"}");

        // Warm-up: Csound loaded into this process and its files into the page cache, so that each kind pays its
        // own sessions only.
        await using (var warm = await InProcessSession.StartAsync(audio))
        {
        }

        await using (var warm = await SandboxedCsoundWorker.LaunchAsync(options, audio))
        {
            await warm.CompileAsync(Csd, []);
        }

        var inProcess = await MeasureAsync(sessions, self, async () => await InProcessSession.StartAsync(audio));
        var cold = await MeasureAsync(sessions, self, async () =>
        {
            var worker = await SandboxedCsoundWorker.LaunchAsync(options, audio);
            await worker.CompileAsync(Csd, []);
            return await SandboxedCsoundStream.StartAsync(worker, options);
        });

        await using var availability = new Orchestron.Streaming.Sandbox.SandboxAvailability(options, audio);
        _ = await availability.UnavailableReasonAsync();
        var ready = await MeasureAsync(sessions, self, async () =>
        {
            // Sessions are created a second apart, as people create them: time for the next worker to be launched.
            await Task.Delay(TimeSpan.FromSeconds(1));
            var clock = Stopwatch.StartNew();
            var worker = await availability.LaunchWorkerAsync();
            await worker.CompileAsync(Csd, []);
            var stream = await SandboxedCsoundStream.StartAsync(worker, options);
            return new TimedSession(stream, clock.Elapsed);
        });

        Console.WriteLine();
        Console.WriteLine("| isolation | resident per session (MB) | proportional (MB) | private (MB) | page tables (MB) | cgroup charge (MB) | MemAvailable drop (MB) | processes per session | create + start, median (ms) | max (ms) |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        Row("in-process", inProcess, sessions);
        Row("sandbox, worker launched on demand", cold, sessions);
        Row("sandbox, worker kept ready (as the host does)", ready, sessions);

        Console.WriteLine();
        Console.WriteLine("One sandbox, process by process (resident / proportional / private / page tables MB):");
        await using (var worker = await SandboxedCsoundWorker.LaunchAsync(options, audio))
        {
            await worker.CompileAsync(Csd, []);
            await using var stream = await SandboxedCsoundStream.StartAsync(worker, options);
            await Task.Delay(TimeSpan.FromSeconds(3));
            var pending = new Queue<int>([worker.ProcessId]);
            while (pending.TryDequeue(out var pid))
            {
                var memory = ProcessTreeMemory.Of(pid);
                var name = File.ReadAllText($"/proc/{pid}/comm").Trim();
                Console.WriteLine($"  {name,-24} {memory.Resident / 1e6,6:0.0} / {memory.Proportional / 1e6,5:0.0} / {memory.Private / 1e6,5:0.0} / {memory.PageTables / 1e6,5:0.00}");
                foreach (var child in SandboxProcessTree.Children(pid))
                {
                    pending.Enqueue(child);
                }
            }

            Console.WriteLine($"  shared audio region: {worker.Region.SizeBytes / 1024.0:0.0} KiB");
        }
    }

    private static async Task<Result> MeasureAsync(int sessions, int self, Func<Task<IAsyncDisposable>> start)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var before = ProcessTreeMemory.Measure(self);
        var chargeBefore = CgroupMemory.Charge();
        var availableBefore = CgroupMemory.Available();
        var running = new List<IAsyncDisposable>();
        var times = new List<double>();
        try
        {
            for (var i = 0; i < sessions; i++)
            {
                var clock = Stopwatch.StartNew();
                var session = await start();
                var elapsed = clock.Elapsed;
                if (session is TimedSession timed)
                {
                    elapsed = timed.Elapsed;
                }

                times.Add(elapsed.TotalMilliseconds);
                running.Add(session);
            }

            await Task.Delay(TimeSpan.FromSeconds(5));
            var after = ProcessTreeMemory.Measure(self);
            var charge = CgroupMemory.Charge() - chargeBefore;
            var availableDrop = availableBefore - CgroupMemory.Available();
            return new Result(after.Memory - before.Memory, charge, availableDrop, after.Processes - before.Processes, times);
        }
        finally
        {
            foreach (var session in running)
            {
                await session.DisposeAsync();
            }
        }
    }

    private static void Row(string label, Result result, int sessions)
    {
        var sorted = result.Times.Order().ToList();
        var charge = result.Charge is { } bytes ? (bytes / 1e6 / sessions).ToString("0.0", CultureInfo.InvariantCulture) : "–";
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {label} | {result.Memory.Resident / 1e6 / sessions:0.0} | {result.Memory.Proportional / 1e6 / sessions:0.0} | {result.Memory.Private / 1e6 / sessions:0.0} | {result.Memory.PageTables / 1e6 / sessions:0.00} | {charge} | {result.AvailableDrop / 1e6 / sessions:0.0} | {result.Processes / (double)sessions:0.#} | {sorted[sorted.Count / 2]:0} | {sorted[^1]:0} |"));
    }

    private sealed record Result(ProcessMemory Memory, long? Charge, long AvailableDrop, int Processes, List<double> Times);

    /// <summary>A session whose create + start was timed inside the start function (after a pause that is not part of it).</summary>
    private sealed class TimedSession(IAsyncDisposable session, TimeSpan elapsed) : IAsyncDisposable
    {
        public TimeSpan Elapsed => elapsed;

        public ValueTask DisposeAsync() => session.DisposeAsync();
    }

    /// <summary>An in-process session as the host runs one: the shared engine's render pool and pacer.</summary>
    private sealed class InProcessSession : IAsyncDisposable
    {
        private readonly CsoundInstance _instance;
        private readonly AudioFrameQueue _buffer;
        private readonly CsoundPerformer _performer;
        private readonly QueueAudioTrack _track;

        private InProcessSession(StreamingAudioOptions audio)
        {
            _instance = new CsoundInstance(CsoundInstanceOptions.Headless());
            _instance.CompileCsdText(Csd);
            _buffer = new AudioFrameQueue(audio);
            var pipeline = new SpoutPipeline(_buffer);
            _performer = new CsoundPerformer(_instance, new CsoundPerformerOptions { Mode = CsoundPerformanceMode.Streaming }, pipeline);
            _track = new QueueAudioTrack(_buffer);
            StreamingEngine.Shared.StartPerformer(_performer, pipeline);
            _track.Start();
        }

        public static Task<IAsyncDisposable> StartAsync(StreamingAudioOptions audio) => Task.FromResult<IAsyncDisposable>(new InProcessSession(audio));

        public async ValueTask DisposeAsync()
        {
            _track.Stop();
            await _performer.DisposeAsync();
            _track.Dispose();
            _buffer.Dispose();
            _instance.Dispose();
        }
    }
}
