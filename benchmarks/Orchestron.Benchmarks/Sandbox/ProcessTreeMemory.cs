using System.Globalization;
using Orchestron.Streaming.Sandbox;

namespace Orchestron.Benchmarks.Sandbox;

/// <summary>
/// The memory of this process and every process it started, read from <c>/proc</c>: resident (RSS, which counts a
/// library shared by two processes twice), proportional (PSS, which splits each shared page between its users) and
/// private (pages no other process maps: what ending the process gives back), plus each process's page tables.
/// </summary>
internal static class ProcessTreeMemory
{
    /// <summary>Bytes summed over the tree under <paramref name="root"/>, and how many processes it holds.</summary>
    public static (ProcessMemory Memory, int Processes) Measure(int root)
    {
        var total = default(ProcessMemory);
        var processes = 0;
        var pending = new Queue<int>([root]);
        while (pending.TryDequeue(out var pid))
        {
            total += Of(pid);
            processes++;
            foreach (var child in SandboxProcessTree.Children(pid))
            {
                pending.Enqueue(child);
            }
        }

        return (total, processes);
    }

    /// <summary>One process's memory (zero when it has gone).</summary>
    public static ProcessMemory Of(int pid)
    {
        try
        {
            long rss = 0, pss = 0, privateBytes = 0, pageTables = 0;
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
                else if (line.StartsWith("Private_Clean:", StringComparison.Ordinal) || line.StartsWith("Private_Dirty:", StringComparison.Ordinal))
                {
                    privateBytes += Kib(line);
                }
            }

            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmPTE:", StringComparison.Ordinal))
                {
                    pageTables = Kib(line);
                }
            }

            return new ProcessMemory(rss, pss, privateBytes, pageTables);
        }
        catch (IOException)
        {
            return default;
        }
    }

    private static long Kib(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
}

/// <summary>Bytes of memory: resident, proportional, private (resident in this process alone) and its page tables.</summary>
internal readonly record struct ProcessMemory(long Resident, long Proportional, long Private, long PageTables)
{
    public static ProcessMemory operator +(ProcessMemory a, ProcessMemory b) =>
        new(a.Resident + b.Resident, a.Proportional + b.Proportional, a.Private + b.Private, a.PageTables + b.PageTables);

    public static ProcessMemory operator -(ProcessMemory a, ProcessMemory b) =>
        new(a.Resident - b.Resident, a.Proportional - b.Proportional, a.Private - b.Private, a.PageTables - b.PageTables);
}
