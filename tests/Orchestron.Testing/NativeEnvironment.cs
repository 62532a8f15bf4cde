using System.Runtime.InteropServices;

namespace Orchestron.Testing;

/// <summary>
/// Sets a variable in the C library's environment, where native code (libjack) reads it;
/// <see cref="Environment.SetEnvironmentVariable(string, string)"/> changes only the runtime's copy on Unix.
/// </summary>
public static partial class NativeEnvironment
{
    public static void Set(string name, string value)
    {
        if (SetEnv(name, value, 1) != 0)
        {
            throw new InvalidOperationException($"setenv({name}) failed.");
        }

        Environment.SetEnvironmentVariable(name, value);
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
