using System.Diagnostics;

namespace Orchestron.Streaming.Engine;

/// <summary>
/// The CPU time the calling thread has used, in nanoseconds: what a session's render cost, not how long it took
/// (a render preempted by other work on the machine takes longer without costing more). Where the thread's CPU
/// clock is not available, the monotonic clock stands in.
/// </summary>
internal static class ThreadCpuClock
{
    /// <summary>CLOCK_THREAD_CPUTIME_ID on Linux.</summary>
    private const int ClockThreadCpuTime = 3;

    private static readonly bool HasThreadClock = OperatingSystem.IsLinux();

    /// <summary>The calling thread's CPU time so far, in nanoseconds; one system call, no allocation.</summary>
    internal static unsafe long NowNanoseconds()
    {
        if (HasThreadClock)
        {
            Interop.Libc.TimeSpec time;
            if (Interop.Libc.ClockGetTime(ClockThreadCpuTime, &time) == 0)
            {
                return (time.Seconds * 1_000_000_000L) + time.Nanoseconds;
            }
        }

        return (long)(Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency));
    }
}
