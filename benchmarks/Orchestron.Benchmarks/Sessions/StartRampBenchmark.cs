using System.Diagnostics;
using System.Globalization;
using System.Net;
using Orchestron.Csound;
using Orchestron.Streaming;
using Orchestron.Streaming.Audio;
using Orchestron.Streaming.Engine;
using Orchestron.WebRtc.Transport;

namespace Orchestron.Benchmarks.Sessions;

/// <summary>
/// What starting sessions costs the sessions already playing: a few sessions play (nobody listening), then many
/// more are compiled and started one after another, and the playing ones' underruns during that ramp are counted.
/// Two ways to prepare each new session, alternated round by round: at the render threads' priority (the compile
/// on a pool thread, Csound's start on a render worker) and on the setup lane (both at its lower priority).
/// </summary>
/// <remarks>Run: <c>dotnet run -c Release --project benchmarks/Orchestron.Benchmarks -- startramp [--victims 4] [--ramp 28] [--rounds 2] [--lane-niceness 10]</c>.</remarks>
internal static class StartRampBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var victims = Option(args, "--victims", 4);
        var ramp = Option(args, "--ramp", 28);
        var rounds = Option(args, "--rounds", 2);
        using var lane = new SetupLane("Orchestron setup", Option(args, "--lane-niceness", SetupLane.DefaultNiceness));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"startramp: {victims} sessions playing while {ramp} more start one after another; {Environment.ProcessorCount} cores, "
            + $"{StreamingEngine.Shared.RenderWorkerCount} render workers at niceness {RenderNiceness()}, setup lane niceness {lane.Niceness?.ToString(CultureInfo.InvariantCulture) ?? "not set"}"));
        Console.WriteLine("| round | preparation | ramp took (s) | playing sessions' underruns during the ramp | started sessions' underruns | CPU during the ramp (cores) | render load measured after (cores) | sessions held to their CPU share | one more admitted |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");

        using var server = new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = IPAddress.Loopback });
        var totals = new Dictionary<bool, long> { [false] = 0, [true] = 0 };
        for (var round = 1; round <= rounds; round++)
        {
            // Alternating which goes first keeps a trend in the machine's other load from favouring one.
            foreach (var onLane in round % 2 == 1 ? new[] { false, true } : [true, false])
            {
                var result = await RampAsync(server, victims, ramp, onLane ? lane : null);
                totals[onLane] += result.VictimUnderruns;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {round} | {(onLane ? "setup lane" : "render threads' priority")} | {result.Seconds:0.0} | {result.VictimUnderruns} | {result.StartedUnderruns} | {result.Cores:0.00} | {result.Admission.LoadCores:0.00} of {result.Admission.CapacityCores:0.00} | {result.Held} | {(result.Admission.Admitted ? "yes" : "no")} |"));
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"\ntotal underruns of the playing sessions: {totals[false]} at the render threads' priority, {totals[true]} on the setup lane"));
    }

    private static async Task<RampResult> RampAsync(UdpMediaTransport server, int victims, int ramp, SetupLane? lane)
    {
        var instances = new List<CsoundInstance>();
        var streams = new List<CsoundWebRtcStream>();
        try
        {
            for (var i = 0; i < victims; i++)
            {
                streams.Add(await StartAsync(server, instances, lane));
            }

            // Settle: the playing sessions' pacers on their schedules, their first frames rendered.
            await Task.Delay(3000);
            var before = streams.Select(s => s.AudioStatistics.Underruns).ToArray();
            var cpuBefore = CpuTimes.Now();
            var clock = Stopwatch.StartNew();
            var started = new List<CsoundWebRtcStream>();
            for (var i = 0; i < ramp; i++)
            {
                started.Add(await StartAsync(server, instances, lane));
            }

            // The last session's first periods belong to the ramp too.
            await Task.Delay(1000);
            var seconds = clock.Elapsed.TotalSeconds;
            var cpu = CpuTimes.Now() - cpuBefore;
            var victimUnderruns = streams.Select((s, i) => s.AudioStatistics.Underruns - before[i]).Sum();
            var startedUnderruns = started.Sum(s => s.AudioStatistics.Underruns);
            streams.AddRange(started);
            // What the render pool measured of every session, and whether it would admit one more.
            var admission = StreamingEngine.Shared.CheckAdmission();
            var held = streams.Count(s => StreamingEngine.Shared.TryGetCpuShare(s.Performer, out var share) && share.IsHeld);
            return new RampResult(seconds, victimUnderruns, startedUnderruns, cpu.Process / seconds, admission, held);
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }

            foreach (var instance in instances)
            {
                instance.Dispose();
            }
        }
    }

    /// <summary>Compiles and starts one session: as the host did before the setup lane, or on it.</summary>
    private static async Task<CsoundWebRtcStream> StartAsync(UdpMediaTransport server, List<CsoundInstance> instances, SetupLane? lane)
    {
        if (lane is null)
        {
            var instance = await Task.Run(SessionsBenchmark.NewInstance);
            instances.Add(instance);
            return CsoundWebRtcStream.Start(instance, server, new StreamingAudioOptions());
        }

        // Only Csound's work on the lane: threads started there would inherit its niceness.
        var prepared = await lane.RunAsync(() =>
        {
            var compiled = SessionsBenchmark.NewInstance();
            compiled.Start();
            return compiled;
        });
        instances.Add(prepared);
        return CsoundWebRtcStream.Start(prepared, server, new StreamingAudioOptions());
    }

    /// <summary>The render workers' niceness as the kernel reports it (field 19 of each thread's stat).</summary>
    private static string RenderNiceness()
    {
        var values = Directory.EnumerateDirectories("/proc/self/task")
            .Where(task => File.ReadAllText(Path.Combine(task, "comm")).StartsWith("Orchestron rend", StringComparison.Ordinal))
            .Select(task =>
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16];
            });
        return string.Join("/", values.Distinct());
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private readonly record struct RampResult(double Seconds, long VictimUnderruns, long StartedUnderruns, double Cores, SessionAdmission Admission, int Held);
}
