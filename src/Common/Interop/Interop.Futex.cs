using System.Runtime.InteropServices;

internal static partial class Interop
{
    /// <summary>The futex calls a producer and a consumer in two processes wait and wake each other with.</summary>
    internal static partial class Libc
    {
        // x86-64 and arm64 syscall numbers; the process is 64-bit Linux wherever the sandbox runs.
        private const long SysFutexX64 = 202;
        private const long SysFutexArm64 = 98;

        // Not FUTEX_PRIVATE_FLAG: the word lives in a mapping shared with another process.
        private const int FutexWaitOp = 0;
        private const int FutexWakeOp = 1;

        private static readonly long SysFutex =
            RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? SysFutexArm64 : SysFutexX64;

        /// <summary>Sleeps while <c>*word == expected</c>, until woken; returns at once when it differs.</summary>
        internal static unsafe void FutexWait(int* word, int expected) =>
            _ = Syscall(SysFutex, (nint)word, FutexWaitOp, expected, 0, 0, 0);

        /// <summary>Wakes up to <paramref name="count"/> sleepers on <paramref name="word"/>.</summary>
        internal static unsafe void FutexWake(int* word, int count) =>
            _ = Syscall(SysFutex, (nint)word, FutexWakeOp, count, 0, 0, 0);

        [LibraryImport("libc", EntryPoint = "syscall")]
        private static partial long Syscall(long number, nint arg1, nint arg2, nint arg3, nint arg4, nint arg5, nint arg6);
    }
}
