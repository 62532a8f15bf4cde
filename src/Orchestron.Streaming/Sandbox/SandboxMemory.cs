using System.Globalization;

namespace Orchestron.Streaming.Sandbox;

/// <summary>
/// What a worker holds in memory, as the host measures it from outside: its resident memory, plus what it stored
/// in its two memory file systems (their pages are not part of any process's resident memory, and RLIMIT_AS does
/// not count them), read through <c>/proc/&lt;pid&gt;/root</c>.
/// </summary>
internal static class SandboxMemory
{
    /// <summary>Resident and stored bytes; null when the worker has gone or cannot be read.</summary>
    internal static (long Resident, long Stored)? Measure(int workerPid)
    {
        try
        {
            var resident = ResidentBytes(workerPid);
            var root = $"/proc/{workerPid}/root";
            return (resident, UsedBytes(root + "/tmp") + UsedBytes(root + BwrapCommand.SandboxHome));
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    private static long ResidentBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kib = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kib, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new FormatException($"/proc/{pid}/status has no VmRSS line.");
    }

    private static long UsedBytes(string mountPoint)
    {
        var drive = new DriveInfo(mountPoint);
        return drive.TotalSize - drive.TotalFreeSpace;
    }
}
