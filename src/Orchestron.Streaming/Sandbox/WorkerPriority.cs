using System.Globalization;
using Orchestron.Streaming.Audio;

namespace Orchestron.Streaming.Sandbox;

/// <summary>
/// Keeps a sandboxed worker's set-up work below the host's render pool and pacer: workers are launched from a
/// thread at <see cref="LaunchNiceness"/>, so a worker and everything it starts (its runtime, Csound's compile
/// and start) inherit it, and once the worker has started its performance the host raises that one thread, the
/// worker's render thread, to <see cref="RealTimePriority.Niceness"/>.
/// </summary>
/// <remarks>
/// A process without CAP_SYS_NICE (or an <c>RLIMIT_NICE</c> that allows it) can lower a niceness but never raise it
/// back: there the launcher stays at normal priority, or the render thread of every worker would be left below
/// normal. The launcher checks by raising itself first; the host raises a worker's thread from outside, because
/// the sandbox drops every capability.
/// </remarks>
internal static class WorkerPriority
{
    /// <summary>The niceness workers are launched at, where the host may raise their render threads again.</summary>
    internal const int LaunchNiceness = 5;

    /// <summary>The worker's render thread's name as the kernel keeps it (15 characters of "Csound worker render").</summary>
    private const string RenderThreadName = "Csound worker r";

    /// <summary>Launcher side: lowers the calling thread to <see cref="LaunchNiceness"/> if the process may raise threads; true when it did.</summary>
    internal static bool LowerLauncherThread()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        var thread = (uint)Interop.Libc.GetThreadId();
        return Interop.Libc.SetPriority(Interop.Libc.PriorityProcess, thread, RealTimePriority.Niceness) == 0
            && Interop.Libc.SetPriority(Interop.Libc.PriorityProcess, thread, LaunchNiceness) == 0;
    }

    /// <summary>Raises the render thread of the worker <paramref name="workerPid"/> to <see cref="RealTimePriority.Niceness"/>; false when none was raised.</summary>
    internal static bool RaiseRenderThread(int? workerPid)
    {
        if (workerPid is not { } pid)
        {
            return false;
        }

        var raised = false;
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                if (ReadName(task) == RenderThreadName
                    && uint.TryParse(Path.GetFileName(task), NumberStyles.None, CultureInfo.InvariantCulture, out var thread))
                {
                    raised |= Interop.Libc.SetPriority(Interop.Libc.PriorityProcess, thread, RealTimePriority.Niceness) == 0;
                }
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // The worker exited meanwhile.
        }

        if (raised)
        {
            RaiseAutogroup(pid);
        }

        return raised;
    }

    /// <summary>
    /// The sandbox makes the worker a session of its own, and with the kernel's autogroups on each session is a
    /// scheduling group that shares the CPU equally with every other, whatever its threads' niceness: the render
    /// thread's niceness would rank it only against the worker's own threads. Giving the worker's group the same
    /// niceness ranks the render thread against the rest of the machine as the host meant. Nothing to do where
    /// autogroups are off or absent.
    /// </summary>
    private static void RaiseAutogroup(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/autogroup", RealTimePriority.Niceness.ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // No autogroups in this kernel, or the worker exited meanwhile.
        }
    }

    private static string? ReadName(string task)
    {
        try
        {
            return File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n');
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
