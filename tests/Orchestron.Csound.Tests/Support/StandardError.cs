using System.Runtime.InteropServices;

namespace Orchestron.Csound.Tests.Support;

/// <summary>Redirects the process's file descriptor 2 to a file, to see what native code writes to stderr.</summary>
internal static partial class StandardError
{
    private const int StandardErrorDescriptor = 2;

    internal static string Capture(Action action)
    {
        var path = Path.GetTempFileName();
        var saved = Dup(StandardErrorDescriptor);
        Assert.True(saved >= 0, "dup(2) failed");
        try
        {
            using (var file = File.Open(path, FileMode.Truncate, FileAccess.Write, FileShare.ReadWrite))
            {
                Assert.True(Dup2((int)file.SafeFileHandle.DangerousGetHandle(), StandardErrorDescriptor) >= 0, "dup2 failed");
                try
                {
                    action();
                }
                finally
                {
                    Dup2(saved, StandardErrorDescriptor);
                }
            }

            return File.ReadAllText(path);
        }
        finally
        {
            Close(saved);
            File.Delete(path);
        }
    }

    [LibraryImport("libc", EntryPoint = "dup")]
    private static partial int Dup(int descriptor);

    [LibraryImport("libc", EntryPoint = "dup2")]
    private static partial int Dup2(int descriptor, int target);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);
}
