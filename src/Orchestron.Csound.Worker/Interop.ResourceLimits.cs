using System.Runtime.InteropServices;

internal static partial class Interop
{
    /// <summary>setrlimit(2), with which the worker caps itself before it reads any Csound code.</summary>
    internal static partial class Libc
    {
        // Linux resource numbers (the same on x86-64 and arm64).
        internal const int ResourceCpu = 0;
        internal const int ResourceFileSize = 1;
        internal const int ResourceCore = 4;
        internal const int ResourceProcesses = 6;
        internal const int ResourceOpenFiles = 7;
        internal const int ResourceAddressSpace = 9;

        [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
        internal static unsafe partial int SetResourceLimit(int resource, ResourceLimit* limit);

        /// <summary>struct rlimit on 64-bit Linux.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct ResourceLimit
        {
            internal ulong Current;
            internal ulong Maximum;
        }
    }
}
