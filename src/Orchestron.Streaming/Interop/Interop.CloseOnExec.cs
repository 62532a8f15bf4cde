using System.Runtime.InteropServices;

internal static partial class Interop
{
    /// <summary>
    /// Marks descriptors close-on-exec, so that a worker inherits none the host holds: close_range(2) with
    /// CLOSE_RANGE_CLOEXEC (Linux 5.11), or fcntl(2) one descriptor at a time where the kernel is older.
    /// </summary>
    internal static partial class Libc
    {
        // The same number on x86-64 and arm64.
        private const long SysCloseRange = 436;
        private const uint CloseRangeCloseOnExec = 4;
        private static readonly long SysFcntl = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 25 : 72;
        private const int FileSetDescriptorFlags = 2;
        private const int DescriptorCloseOnExec = 1;

        /// <summary>close_range(first, ~0, CLOSE_RANGE_CLOEXEC); false when the kernel does not have it.</summary>
        internal static bool MarkCloseOnExecFrom(int first) =>
            Syscall(SysCloseRange, first, unchecked((nint)uint.MaxValue), (nint)CloseRangeCloseOnExec, 0, 0, 0) == 0;

        /// <summary>fcntl(fd, F_SETFD, FD_CLOEXEC), as a system call: the C library's fcntl is variadic.</summary>
        internal static bool MarkCloseOnExec(int descriptor) =>
            Syscall(SysFcntl, descriptor, FileSetDescriptorFlags, DescriptorCloseOnExec, 0, 0, 0) == 0;
    }
}
