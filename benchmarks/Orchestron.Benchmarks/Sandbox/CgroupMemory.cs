using System.Globalization;

namespace Orchestron.Benchmarks.Sandbox;

/// <summary>
/// What the machine has given this process's memory control group, read from the cgroup file system: version 2's
/// <c>memory.current</c>, or version 1's <c>memory.usage_in_bytes</c> where the memory controller is on a version 1
/// hierarchy. A cgroup is charged for each page once, by the first of its processes that touches it (anonymous pages,
/// page tables and kernel objects, memory file system pages, file pages read in), so the charge before and after N
/// sessions tells what they cost the machine, where resident memory counts every shared library page again in every
/// process. Sessions' processes stay in the cgroup of the process that starts them.
/// </summary>
internal static class CgroupMemory
{
    /// <summary>The file that holds this process's memory cgroup's charge in bytes; null when there is none to read.</summary>
    public static string? ChargeFile { get; } = FindChargeFile();

    /// <summary>The cgroup's charge in bytes; null when it cannot be read.</summary>
    public static long? Charge()
    {
        if (ChargeFile is null)
        {
            return null;
        }

        try
        {
            return long.Parse(File.ReadAllText(ChargeFile).Trim(), CultureInfo.InvariantCulture);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The kernel's estimate of memory available for new work (<c>MemAvailable</c> in <c>/proc/meminfo</c>), machine-wide.</summary>
    public static long Available()
    {
        var line = File.ReadLines("/proc/meminfo").First(text => text.StartsWith("MemAvailable:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    private static string? FindChargeFile()
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines("/proc/self/cgroup");
        }
        catch (IOException)
        {
            return null;
        }

        // "hierarchy-id:controllers:path"; version 2 is "0::path", version 1's memory hierarchy names "memory".
        foreach (var line in lines)
        {
            var parts = line.Split(':', 3);
            if (parts.Length == 3 && parts[1].Split(',').Contains("memory"))
            {
                var file = $"/sys/fs/cgroup/memory{parts[2].TrimEnd('/')}/memory.usage_in_bytes";
                if (File.Exists(file))
                {
                    return file;
                }
            }
        }

        foreach (var line in lines)
        {
            var parts = line.Split(':', 3);
            if (parts.Length == 3 && parts[0] == "0" && parts[1].Length == 0)
            {
                foreach (var root in new[] { "/sys/fs/cgroup", "/sys/fs/cgroup/unified" })
                {
                    var file = $"{root}{parts[2].TrimEnd('/')}/memory.current";
                    if (File.Exists(file))
                    {
                        return file;
                    }
                }
            }
        }

        return null;
    }
}
