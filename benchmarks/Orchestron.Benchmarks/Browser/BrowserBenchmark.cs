using System.Globalization;

namespace Orchestron.Benchmarks.Browser;

/// <summary>
/// The "browser" mode: note-on latency and continuity measured with headless Chromium listening to the real
/// host. Options: <c>--minutes N</c> (continuity run, 10 unless given), <c>--notes N</c> (per latency row,
/// 30 unless given), <c>--only latency|continuity</c>, and the <see cref="LatencyOptions"/>. Prints Markdown tables once everything is measured.
/// </summary>
internal static class BrowserBenchmark
{
    private static readonly (int FrameMs, int Max, int Target)[] LatencyRows = [(10, 4, 2), (20, 8, 3)];

    public static async Task RunAsync(string[] args)
    {
        var minutes = Option(args, "--minutes", 10.0);
        var notes = (int)Option(args, "--notes", 30.0);
        var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();

        // The host in this process logs each request and session at Information; the tables are the output.
        Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Warning");

        var latency = new List<LatencyRow>();
        if (only is null or "latency")
        {
            var options = LatencyOptions.From(args);
            Console.WriteLine($"Latency rows: {options}");
            foreach (var (frameMs, max, target) in LatencyRows)
            {
                latency.Add(await NoteOnLatency.MeasureAsync(frameMs, max, options.QueueTarget ?? target, notes, options));
            }
        }

        ContinuityResult? continuity = null;
        if (only is null or "continuity")
        {
            continuity = await SineContinuity.MeasureAsync(TimeSpan.FromMinutes(minutes));
        }

        Console.WriteLine($"Load average when done: {LoadAverage()}, {Environment.ProcessorCount} cores");
        if (latency.Count > 0)
        {
            BrowserTables.PrintLatency(latency);
        }

        if (continuity is not null)
        {
            BrowserTables.PrintContinuity(continuity);
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
