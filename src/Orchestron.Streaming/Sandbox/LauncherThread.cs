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
/// pool retired that thread; started from here, it dies only with the host. The thread runs at
/// <see cref="WorkerPriority.LaunchNiceness"/> where the host may raise its workers' render threads again, and a
/// worker inherits that niceness.
/// </remarks>
internal static class LauncherThread
{
    // Before the thread that sets it is created.
    private static readonly TaskCompletionSource<bool> Lowered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private static readonly BlockingCollection<(Process Process, TaskCompletionSource Started)> Pending = CreateThread();

    /// <summary>Whether workers are launched below normal priority (and their render threads must be raised).</summary>
    internal static bool LaunchesLowered => Lowered.Task.GetAwaiter().GetResult();

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
            Lowered.SetResult(WorkerPriority.LowerLauncherThread());
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
