using System.Runtime.InteropServices;

namespace Orchestron.Testing.Network;

/// <summary>The two libc calls the fixture needs: who we are, and moving one thread into a network namespace.</summary>
internal static partial class NamespaceInterop
{
    /// <summary>CLONE_NEWNET: setns may only join a network namespace with this file.</summary>
    private const int NewNetworkNamespace = 0x40000000;

    [LibraryImport("libc", EntryPoint = "geteuid")]
    internal static partial uint EffectiveUserId();

    /// <summary>Moves the calling thread (only it) into the network namespace <paramref name="namespaceFile"/> names.</summary>
    internal static void Enter(SafeHandle namespaceFile)
    {
        if (SetNamespace(namespaceFile.DangerousGetHandle().ToInt32(), NewNetworkNamespace) != 0)
        {
            throw new InvalidOperationException($"setns failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNamespace(int fileDescriptor, int namespaceType);
}
