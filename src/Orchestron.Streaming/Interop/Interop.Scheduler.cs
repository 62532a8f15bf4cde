using System.Runtime.InteropServices;

internal static partial class Interop
{
    /// <summary>The kernel's scheduling policy of one thread, by its kernel thread id.</summary>
    internal static partial class Libc
    {
        /// <summary>SCHED_FIFO: a real-time thread runs until it blocks, ahead of every normal (CFS) thread.</summary>
        internal const int SchedFifo = 1;

        /// <summary>SCHED_RESET_ON_FORK: a process the thread starts does not inherit the real-time policy.</summary>
        internal const int SchedResetOnFork = 0x40000000;

        /// <summary>Sets the policy and priority of <paramref name="thread"/>; 0, or -1 with errno set.</summary>
        [LibraryImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
        internal static unsafe partial int SchedSetScheduler(int thread, int policy, SchedParam* parameters);

        /// <summary>The policy of <paramref name="thread"/> (the reset-on-fork flag included), or -1 with errno set.</summary>
        [LibraryImport("libc", EntryPoint = "sched_getscheduler", SetLastError = true)]
        internal static partial int SchedGetScheduler(int thread);

        /// <summary>struct sched_param: its one field on Linux.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct SchedParam
        {
            internal int Priority;
        }
    }
}
