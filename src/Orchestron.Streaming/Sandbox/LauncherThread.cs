using System.Collections.Concurrent;
using System.Diagnostics;

namespace Orchestron.Streaming.Sandbox;

/// <summary>
/// Starts worker processes from one thread that lives as long as the host, with no descriptor of the host's
/// open across the exec.
/// </summary>
/// <remarks>
/// bubblewrap's <c>--die-with-parent</c> is the kernel's parent-death signal, which fires when the <em>thread</em>
/// that forked the child exits, not the process. Started from a pool thread, a worker would be killed whenever the
/// pool retired that thread; started from here, it dies only with the host.
/// </remarks>
internal static class LauncherThread
{
    private static readonly BlockingCollection<(Process Process, TaskCompletionSource Started)> Pending = CreateThread();

    /// <summary>Starts <paramref name="process"/> on the launcher thread.</summary>
    internal static Task StartAsync(Process process)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Pending.Add((process, started));
        return started.Task;
    }

    private static BlockingCollection<(Process, TaskCompletionSource)> CreateThread()
    {
        var pending = new BlockingCollection<(Process, TaskCompletionSource)>();
        new Thread(() =>
        {
            foreach (var (process, started) in pending.GetConsumingEnumerable())
            {
                try
                {
                    CloseInheritedDescriptors();
                    process.Start();
                    started.SetResult();
                }
                catch (Exception error) when (error is System.ComponentModel.Win32Exception or InvalidOperationException)
                {
                    started.SetException(error);
                }
            }
        })
        {
            IsBackground = true,
            Name = "Csound worker launcher",
        }.Start();
        return pending;
    }

    /// <summary>
    /// Marks every descriptor above stderr close-on-exec just before a worker starts: those the host inherited
    /// from whoever started it, and those a native library opened without the flag. The worker then holds its
    /// three pipes, and later its region, and nothing else of the host's.
    /// </summary>
    private static void CloseInheritedDescriptors()
    {
        if (Interop.Libc.MarkCloseOnExecFrom(3))
        {
            return;
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            if (int.TryParse(Path.GetFileName(entry), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var descriptor) && descriptor > 2)
            {
                _ = Interop.Libc.MarkCloseOnExec(descriptor);
            }
        }
    }
}
