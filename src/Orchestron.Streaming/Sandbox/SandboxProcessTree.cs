namespace Orchestron.Streaming.Sandbox;

/// <summary>
/// Finds a worker among the descendants of the process the host started (setpriv and bubblewrap exec into each
/// other; bubblewrap forks its namespace's init, which forks the worker), by walking <c>/proc/&lt;pid&gt;/task/*/children</c>.
/// </summary>
internal static class SandboxProcessTree
{
    /// <summary>The worker's process id in the host's PID namespace; null when it has gone.</summary>
    internal static int? FindWorker(int launchedPid)
    {
        var pending = new Queue<int>([launchedPid]);
        while (pending.TryDequeue(out var pid))
        {
            if (pid != launchedPid && IsWorker(pid))
            {
                return pid;
            }

            foreach (var child in Children(pid))
            {
                pending.Enqueue(child);
            }
        }

        return null;
    }

    private static bool IsWorker(int pid)
    {
        try
        {
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline");
            return commandLine.Contains(CsoundSandboxOptions.WorkerFileName, StringComparison.Ordinal)
                && !commandLine.Contains("--unshare-all", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    internal static IEnumerable<int> Children(int pid)
    {
        string[] tasks;
        try
        {
            tasks = Directory.GetDirectories($"/proc/{pid}/task");
        }
        catch (IOException)
        {
            yield break;
        }

        foreach (var task in tasks)
        {
            string text;
            try
            {
                text = File.ReadAllText(Path.Combine(task, "children"));
            }
            catch (IOException)
            {
                continue;
            }

            foreach (var child in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                yield return int.Parse(child, System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }
}
