using System.Runtime.InteropServices;

namespace Orchestron.Csound.Tests.Support;

/// <summary>
/// Sets a variable in the C library's environment, where native code (libjack) reads it;
/// <see cref="Environment.SetEnvironmentVariable(string, string)"/> changes only the runtime's copy on Unix.
/// </summary>
internal static partial class NativeEnvironment
{
    internal static void Set(string name, string value)
    {
        Assert.Equal(0, SetEnv(name, value, 1));
        Environment.SetEnvironmentVariable(name, value);
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
