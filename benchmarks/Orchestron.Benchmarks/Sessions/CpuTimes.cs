using System.Diagnostics;
using System.Globalization;

namespace Orchestron.Benchmarks.Sessions;

/// <summary>
/// CPU time of the whole process and of its threads grouped by name, read from /proc/self/task (Linux), so a
/// run can say which threads spent what: the engine's pacer and render workers, the WebRTC transport, the rest.
/// </summary>
internal readonly record struct CpuTimes(double Process, double Pacer, double Render, double Transport)
{
    // Linux reports per-thread times in clock ticks of 1/100 s (USER_HZ) on every mainstream build.
    private const double TicksPerSecond = 100;

    public double Engine => Pacer + Render;

    public static CpuTimes Now()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        double pacer = 0, render = 0, transport = 0;
        if (OperatingSystem.IsLinux())
        {
            foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
            {
                string name, stat;
                try
                {
                    name = File.ReadAllText(Path.Combine(task, "comm")).Trim();
                    stat = File.ReadAllText(Path.Combine(task, "stat"));
                }
                catch (IOException)
                {
                    continue; // the thread ended meanwhile
                }

                var seconds = StatSeconds(stat);
                if (name.StartsWith("Orchestron audi", StringComparison.Ordinal) || name.StartsWith("Orchestron shar", StringComparison.Ordinal))
                {
                    pacer += seconds;
                }
                else if (name.StartsWith("Orchestron rend", StringComparison.Ordinal))
                {
                    render += seconds;
                }
                else if (name.StartsWith("Orchestron WebR", StringComparison.Ordinal))
                {
                    transport += seconds;
                }
            }
        }

        return new CpuTimes(process.TotalProcessorTime.TotalSeconds, pacer, render, transport);
    }

    /// <summary>CPU-seconds of the calling thread (Linux); of the whole process elsewhere.</summary>
    public static double CurrentThreadSeconds()
    {
        if (!OperatingSystem.IsLinux())
        {
            using var process = System.Diagnostics.Process.GetCurrentProcess();
            return process.TotalProcessorTime.TotalSeconds;
        }

        return StatSeconds(File.ReadAllText("/proc/thread-self/stat"));
    }

    public static CpuTimes operator -(CpuTimes a, CpuTimes b) =>
        new(a.Process - b.Process, a.Pacer - b.Pacer, a.Render - b.Render, a.Transport - b.Transport);

    /// <summary>Stopwatch-free helper: seconds of wall time since <paramref name="start"/>.</summary>
    public static double Since(long start) => Stopwatch.GetElapsedTime(start).TotalSeconds;

    /// <summary>User plus system time from a /proc stat line.</summary>
    private static double StatSeconds(string stat)
    {
        // Fields after the parenthesised name: state is field 3, utime 14 and stime 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }
}
