namespace Orchestron.Host.Tests.Sessions;

/// <summary>
/// Counts this process's render and pacer threads by the names the kernel shows in /proc/self/task/*/comm
/// (thread names cut to 15 characters): the threads a session that is left running would keep.
/// </summary>
/// <remarks>
/// The shared pacer ("Orchestron shared pacer") is not counted: it is created by the first stream in the
/// process and lives as long as the process, whichever test happens to start it.
/// </remarks>
internal static class RenderThreads
{
    private static readonly string[] Prefixes = ["Csound performe", "Orchestron audi"];

    public static int Count() => Directory.EnumerateDirectories("/proc/self/task")
        .Select(task => ReadName(Path.Combine(task, "comm")))
        .Count(name => Prefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)));

    /// <summary>Waits for the count to fall to <paramref name="expected"/>; a thread that has finished its work may take a moment to exit.</summary>
    public static async Task<int> SettleAsync(int expected, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        var count = Count();
        while (count > expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            count = Count();
        }

        return count;
    }

    private static string ReadName(string path)
    {
        try
        {
            return File.ReadAllText(path).TrimEnd('\n');
        }
        catch (IOException)
        {
            return ""; // The thread exited while the directory was read.
        }
    }
}
