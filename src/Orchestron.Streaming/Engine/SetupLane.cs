using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Orchestron.Streaming.Audio;

namespace Orchestron.Streaming.Engine;

/// <summary>
/// A thread of its own, below the render workers' and the pacer's priority, for the work that prepares a session
/// before it plays: compiling Csound code and starting Csound (its orchestra's global code, function tables). That
/// work takes tens of milliseconds of CPU at a time; run on request threads or on a render worker, many starts at
/// once compete with the render workers for every core, and running sessions underrun while others start. On this
/// lane set-up work uses one core at most, one item at a time in the order given, and the render workers and the
/// pacer, raised by <see cref="RealTimePriority"/> where the process may, take the CPU first.
/// </summary>
/// <remarks>
/// The shared lane runs at normal niceness (0), not below it: a garbage collection the lane's thread triggers stops
/// every managed thread, the render workers included, until that thread finishes it, so a lane starved by the rest
/// of a busy machine could stall the render workers it was meant to spare. A lane of another niceness sets its own with
/// <c>setpriority</c> on its thread id (Linux; elsewhere it runs at normal priority). On Linux a
/// thread inherits the niceness of the thread that starts it, and an unprivileged process cannot raise it back:
/// give the lane only work that starts no thread (a compile, Csound's start), never a stream's start.
/// </remarks>
public sealed class SetupLane : IDisposable
{
    /// <summary>The niceness the shared lane runs at: normal, below the raised render workers and pacer.</summary>
    public const int DefaultNiceness = 0;

    private static readonly Lazy<SetupLane> SharedLane = new(() => new SetupLane("Orchestron setup", DefaultNiceness) { _isShared = true });

    private readonly BlockingCollection<Action> _work = [];
    private readonly Thread _thread;
    private readonly TaskCompletionSource<int?> _niceness = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _isShared;

    /// <summary>Starts the lane's thread, which sets its niceness to <paramref name="niceness"/> where it can.</summary>
    /// <param name="threadName">The thread's name, as debuggers and <c>/proc</c> show it.</param>
    /// <param name="niceness">From 0 (normal) to 19 (the lowest).</param>
    public SetupLane(string threadName, int niceness)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(niceness, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(niceness, 19);
        _thread = new Thread(() => Run(niceness)) { IsBackground = true, Name = threadName };
        _thread.Start();
    }

    /// <summary>The process's lane, at <see cref="DefaultNiceness"/>; it lives as long as the process.</summary>
    public static SetupLane Shared => SharedLane.Value;

    /// <summary>The niceness the lane's thread runs at, or null where it could not be set (not Linux).</summary>
    public int? Niceness => _niceness.Task.GetAwaiter().GetResult();

    /// <summary>Runs <paramref name="work"/> on the lane; its exception, if any, is the task's.</summary>
    public Task<T> RunAsync<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try
            {
                done.SetResult(work());
            }
            catch (Exception error)
            {
                done.SetException(error);
            }
        });
        return done.Task;
    }

    /// <summary>Runs <paramref name="work"/> on the lane; its exception, if any, is the task's.</summary>
    public Task RunAsync(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunAsync(() =>
        {
            work();
            return true;
        });
    }

    /// <summary>Lets the lane finish what it was given and end its thread; nothing more may be added. The shared lane ignores it.</summary>
    public void Dispose()
    {
        if (!_isShared)
        {
            _work.CompleteAdding();
        }
    }

    private void Run(int niceness)
    {
        _niceness.SetResult(LowerOwnPriority(niceness));
        foreach (var work in _work.GetConsumingEnumerable())
        {
            work();
        }

        _work.Dispose();
    }

    private static int? LowerOwnPriority(int niceness)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var thread = (uint)Interop.Libc.GetThreadId();
        if (Interop.Libc.SetPriority(Interop.Libc.PriorityProcess, thread, niceness) != 0)
        {
            return null;
        }

        Marshal.SetLastPInvokeError(0);
        var now = Interop.Libc.GetPriority(Interop.Libc.PriorityProcess, thread);
        return Marshal.GetLastPInvokeError() == 0 ? now : null;
    }
}
