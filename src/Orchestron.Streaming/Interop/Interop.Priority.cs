using System.Runtime.InteropServices;

internal static partial class Interop
{
    /// <summary>The scheduling priority (niceness) of one thread, by its kernel thread id.</summary>
    internal static partial class Libc
    {
        /// <summary>PRIO_PROCESS: on Linux, with a thread id, the priority of that thread alone.</summary>
        internal const int PriorityProcess = 0;

        /// <summary>The calling thread's kernel thread id.</summary>
        [LibraryImport("libc", EntryPoint = "gettid")]
        internal static partial int GetThreadId();

        /// <summary>Sets the niceness of <paramref name="who"/>; 0, or -1 with errno set.</summary>
        [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
        internal static partial int SetPriority(int which, uint who, int priority);

        /// <summary>The niceness of <paramref name="who"/>; -1 is also a valid niceness, so errno tells an error.</summary>
        [LibraryImport("libc", EntryPoint = "getpriority", SetLastError = true)]
        internal static partial int GetPriority(int which, uint who);
    }
}
