using System.Runtime.InteropServices;

internal static partial class Interop
{
    /// <summary>setenv(3): the process environment native code reads (.NET's own setter changes only a managed copy).</summary>
    internal static partial class Libc
    {
        [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static partial int SetEnvironmentVariable(string name, string value, int overwrite);
    }
}
