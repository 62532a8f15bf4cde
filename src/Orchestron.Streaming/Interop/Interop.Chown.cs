using System.Runtime.InteropServices;

internal static partial class Interop
{
    /// <summary>chown(2): a host running as root hands a session's shared audio file to the sandbox's user.</summary>
    internal static partial class Libc
    {
        [LibraryImport("libc", EntryPoint = "chown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static partial int Chown(string path, int owner, int group);
    }
}
