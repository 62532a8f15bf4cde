namespace Orchestron.Streaming.Audio;

/// <summary>
/// Raises the calling thread above normal priority as far as the process is allowed: the render workers and the
/// pacer call it as they start, so that other work on the machine (and the host's own requests, compiles and
/// starts) cannot take their deadlines' CPU. .NET's <see cref="ThreadPriority"/> does nothing on Linux, so this
/// sets the thread's niceness with <c>setpriority</c> on its thread id: to <see cref="Niceness"/> where the process
/// may (CAP_SYS_NICE, or an <c>RLIMIT_NICE</c> that allows it), and leaves it unchanged where it may not.
/// </summary>
/// <remarks>
/// Niceness only ranks threads inside one scheduling group. With the kernel's autogroups on (Debian's default,
/// <c>/proc/sys/kernel/sched_autogroup_enabled</c>), every session is such a group and gets an equal share of the
/// CPU whatever its threads' niceness: a browser or a build in another session competes with the pacer as an
/// equal, and the pacer woke up tens of milliseconds late on two busy cores. The pacer's work is short and
/// bounded, so it asks for the real-time class instead (<see cref="RaiseCurrentThreadToRealTime"/>), which runs ahead
/// of every normal thread; the kernel's real-time throttling (<c>sched_rt_runtime_us</c>) still leaves the rest of
/// the machine its share should it ever spin. Bounded is not small: the pacer also encodes each frame once and
/// sends it to every listener, so its work grows with the listeners, and a host with many of them spends that much
/// ahead of its render workers (one reason the listeners per session are capped).
/// </remarks>
public static class RealTimePriority
{
    /// <summary>The niceness asked for: well above normal work (0) without reaching the kernel's own threads' range.</summary>
    public const int Niceness = -10;

    /// <summary>
    /// The SCHED_FIFO priority the pacer asks for: the low end of the real-time range (1 to 99), below the audio
    /// servers (PipeWire, JACK: 70 to 88) and the kernel's own real-time threads.
    /// </summary>
    public const int RealTimeSchedulingPriority = 10;

    /// <summary>Raises the calling thread; returns the niceness it now runs at, or null where it could not be changed.</summary>
    public static int? RaiseCurrentThread()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var thread = (uint)Interop.Libc.GetThreadId();
        return Interop.Libc.SetPriority(Interop.Libc.PriorityProcess, thread, Niceness) == 0 ? Niceness : null;
    }

    /// <summary>
    /// Puts the calling thread in the real-time class (SCHED_FIFO at <see cref="RealTimeSchedulingPriority"/>, not
    /// inherited by processes it starts) where the process may (CAP_SYS_NICE or an <c>RLIMIT_RTPRIO</c> that allows
    /// it); elsewhere raises its niceness as <see cref="RaiseCurrentThread"/> does. Only for a thread whose work per
    /// wake-up is short and bounded.
    /// </summary>
    /// <returns>True when the thread now runs in the real-time class.</returns>
    public static unsafe bool RaiseCurrentThreadToRealTime()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        var parameters = new Interop.Libc.SchedParam { Priority = RealTimeSchedulingPriority };
        if (Interop.Libc.SchedSetScheduler(0, Interop.Libc.SchedFifo | Interop.Libc.SchedResetOnFork, &parameters) == 0)
        {
            return true;
        }

        RaiseCurrentThread();
        return false;
    }

    /// <summary>Whether the calling thread runs in the real-time class (SCHED_FIFO).</summary>
    public static bool CurrentThreadIsRealTime() =>
        OperatingSystem.IsLinux() && (Interop.Libc.SchedGetScheduler(0) & ~Interop.Libc.SchedResetOnFork) == Interop.Libc.SchedFifo;
}
