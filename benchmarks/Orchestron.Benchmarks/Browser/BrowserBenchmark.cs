using System.Globalization;

namespace Orchestron.Benchmarks.Browser;

/// <summary>
/// The "browser" mode: note-on latency and continuity measured with headless Chromium listening to the real
/// host. Options: <c>--minutes N</c> (continuity run, 10 unless given), <c>--notes N</c> (per latency row,
/// 30 unless given), <c>--only latency|rtp|continuity|lowlatency|lowlatency-continuity</c> (<c>rtp</c>: the RTP rows at
/// 10 ms frames and below), and the
/// <see cref="LatencyOptions"/>. Prints Markdown tables once everything is measured.
/// </summary>
internal static class BrowserBenchmark
{
    private static readonly (bool LowLatency, double FrameMs, int Max, int Target)[] LatencyRows =
        [(false, 10, 4, 2), (false, 20, 8, 3), (false, 5, 8, 2), (true, 5, 8, 2), (true, 2.5, 8, 2)];

    public static async Task RunAsync(string[] args)
    {
        var minutes = Option(args, "--minutes", 10.0);
        var notes = (int)Option(args, "--notes", 30.0);
        var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();

        // The host in this process logs each request and session at Information; the tables are the output.
        Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Warning");

        var latency = new List<LatencyRow>();
        if (only is null or "latency" or "lowlatency" or "rtp")
        {
            var options = LatencyOptions.From(args);
            Console.WriteLine($"Latency rows: {options}");
            // "lowlatency": the rows at 5 ms frames and below only; "rtp": the RTP rows at 10 ms frames and below.
            var rows = only switch
            {
                "lowlatency" => LatencyRows.Where(row => row.FrameMs <= 5),
                "rtp" => LatencyRows.Where(row => !row.LowLatency && row.FrameMs <= 10),
                _ => LatencyRows,
            };
            foreach (var (lowLatency, frameMs, max, target) in rows)
            {
                latency.Add(await NoteOnLatency.MeasureAsync(frameMs, max, options.QueueTarget ?? target, notes, options, lowLatency));
            }
        }

        var continuity = new List<ContinuityResult>();
        if (only is null or "continuity")
        {
            continuity.Add(await SineContinuity.MeasureAsync(TimeSpan.FromMinutes(minutes)));
        }

        if (only is null or "lowlatency-continuity")
        {
            var options = LatencyOptions.From(args);
            Console.WriteLine($"Low-latency continuity: {options}");
            continuity.Add(await SineContinuity.MeasureAsync(TimeSpan.FromMinutes(minutes), lowLatency: true, options.QueueTarget ?? 2, options.HostSettings()));
        }

        Console.WriteLine($"Load average when done: {LoadAverage()}, {Environment.ProcessorCount} cores");
        if (latency.Count > 0)
        {
            BrowserTables.PrintLatency(latency);
        }

        foreach (var result in continuity)
        {
            BrowserTables.PrintContinuity(result);
        }
    }

    private static double Option(string[] args, string name, double fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? double.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
