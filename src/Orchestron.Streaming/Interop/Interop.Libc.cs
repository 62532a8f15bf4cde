using System.Runtime.InteropServices;

internal static partial class Interop
{
    /// <summary>The POSIX clock calls the pacer sleeps with: an absolute sleep on the monotonic clock.</summary>
    internal static partial class Libc
    {
        internal const int ClockMonotonic = 1;
        internal const int TimerAbsoluteTime = 1;
        internal const int InterruptedSystemCall = 4;

        /// <summary>Sleeps until <paramref name="request"/>; returns 0, or an error number (EINTR when a signal interrupted it).</summary>
        [LibraryImport("libc", EntryPoint = "clock_nanosleep")]
        internal static unsafe partial int ClockNanosleep(int clockId, int flags, TimeSpec* request, TimeSpec* remaining);

        [LibraryImport("libc", EntryPoint = "clock_gettime")]
        [UnmanagedCallConv(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvSuppressGCTransition)])]
        internal static unsafe partial int ClockGetTime(int clockId, TimeSpec* time);

        /// <summary>struct timespec with a native-width time_t, as on 64-bit Linux.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct TimeSpec
        {
            internal nint Seconds;
            internal nint Nanoseconds;
        }
    }
}
