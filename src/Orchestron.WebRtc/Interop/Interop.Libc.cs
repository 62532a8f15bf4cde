using System.Runtime.InteropServices;

internal static partial class Interop
{
    /// <summary>The POSIX socket call the media path uses to send without blocking and without allocating.</summary>
    internal static partial class Libc
    {
        internal const int MsgDontWaitLinux = 0x40;
        internal const int MsgDontWaitApple = 0x80;

        [LibraryImport(Libraries.Libc, EntryPoint = "sendto", SetLastError = true)]
        internal static unsafe partial nint SendTo(nint socket, byte* buffer, nuint length, int flags, byte* address, uint addressLength);
    }
}
