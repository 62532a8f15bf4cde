namespace Orchestron.Streaming.Audio;

/// <summary>
/// Raises the calling thread above normal priority as far as the process is allowed: the render workers and the
/// pacer call it as they start, so that other work on the machine (and the host's own requests, compiles and
/// starts) cannot take their deadlines' CPU. .NET's <see cref="ThreadPriority"/> does nothing on Linux, so this
/// sets the thread's niceness with <c>setpriority</c> on its thread id: to <see cref="Niceness"/> where the process
/// may (CAP_SYS_NICE, or an <c>RLIMIT_NICE</c> that allows it), and leaves it unchanged where it may not.
/// </summary>
public static class RealTimePriority
{
    /// <summary>The niceness asked for: well above normal work (0) without reaching the kernel's own threads' range.</summary>
    public const int Niceness = -10;

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
}
