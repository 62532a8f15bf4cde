using System.Globalization;

namespace Orchestron.Benchmarks.Sandbox;

/// <summary>
/// Time on a CPU and wake-ups of a process's threads, from <c>/proc/&lt;pid&gt;/task/*/schedstat</c> (nanoseconds,
/// where <c>stat</c> counts 10 ms ticks: a session using half a percent of a core for a minute is only 30 ticks) and
/// the voluntary context switches in <c>status</c> (each one a sleep, and so one wake-up).
/// </summary>
internal readonly record struct ThreadSchedule(double CpuSeconds, long WakeUps)
{
    /// <summary>The threads of <paramref name="pid"/> whose name starts with <paramref name="namePrefix"/> (all when null).</summary>
    public static ThreadSchedule Of(int pid, string? namePrefix = null)
    {
        long nanoseconds = 0, wakeUps = 0;
        string[] tasks;
        try
        {
            tasks = Directory.GetDirectories($"/proc/{pid}/task");
        }
        catch (IOException)
        {
            return default;
        }

        foreach (var task in tasks)
        {
            try
            {
                if (namePrefix is not null && !File.ReadAllText(Path.Combine(task, "comm")).StartsWith(namePrefix, StringComparison.Ordinal))
                {
                    continue;
                }

                nanoseconds += long.Parse(File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ')[0], CultureInfo.InvariantCulture);
                var switches = File.ReadLines(Path.Combine(task, "status")).First(line => line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal));
                wakeUps += long.Parse(switches.Split(':')[1].Trim(), CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The thread ended meanwhile.
            }
        }

        return new ThreadSchedule(nanoseconds / 1e9, wakeUps);
    }

    public static ThreadSchedule operator -(ThreadSchedule a, ThreadSchedule b) => new(a.CpuSeconds - b.CpuSeconds, a.WakeUps - b.WakeUps);
}
