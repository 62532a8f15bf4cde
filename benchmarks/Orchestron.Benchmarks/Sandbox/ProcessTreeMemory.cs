using System.Globalization;
using Orchestron.Streaming.Sandbox;

namespace Orchestron.Benchmarks.Sandbox;

/// <summary>
/// The memory of this process and every process it started, read from <c>/proc</c>: resident (RSS, which counts a
/// library shared by two processes twice) and proportional (PSS, which splits each shared page between its users).
/// </summary>
internal static class ProcessTreeMemory
{
    /// <summary>Bytes resident and proportional, summed over the tree under <paramref name="root"/>, and how many processes it holds.</summary>
    public static (long Resident, long Proportional, int Processes) Measure(int root)
    {
        long resident = 0, proportional = 0;
        var processes = 0;
        var pending = new Queue<int>([root]);
        while (pending.TryDequeue(out var pid))
        {
            var (rss, pss) = Of(pid);
            resident += rss;
            proportional += pss;
            processes++;
            foreach (var child in SandboxProcessTree.Children(pid))
            {
                pending.Enqueue(child);
            }
        }

        return (resident, proportional, processes);
    }

    /// <summary>One process's resident and proportional bytes (zero when it has gone).</summary>
    public static (long Resident, long Proportional) Of(int pid)
    {
        try
        {
            long rss = 0, pss = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/smaps_rollup"))
            {
                if (line.StartsWith("Rss:", StringComparison.Ordinal))
                {
                    rss = Kib(line);
                }
                else if (line.StartsWith("Pss:", StringComparison.Ordinal))
                {
                    pss = Kib(line);
                }
            }

            return (rss, pss);
        }
        catch (IOException)
        {
            return (0, 0);
        }
    }

    private static long Kib(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
}
