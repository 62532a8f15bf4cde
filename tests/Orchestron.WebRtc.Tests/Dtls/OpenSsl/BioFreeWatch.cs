using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Orchestron.WebRtc.Tests.Dtls.OpenSsl;

/// <summary>
/// Counts how often OpenSSL really frees a BIO. BIO_free calls a BIO's callback with BIO_CB_FREE only when the
/// last reference goes, so the count tells a dropped reference from a freed BIO, and a double free shows as 2.
/// </summary>
internal static unsafe partial class BioFreeWatch
{
    private const int BioCbFree = 0x01;
    private const int BioCbReturn = 0x80;
    private static readonly ConcurrentDictionary<nint, int> Frees = new();

    /// <summary>Starts counting frees of <paramref name="bio"/>.</summary>
    public static void Watch(SafeBioHandle bio)
    {
        var pointer = bio.DangerousGetHandle();
        Frees[pointer] = 0;
        BIO_set_callback_ex(pointer, &OnBioOperation);
    }

    /// <summary>How often the watched <paramref name="bio"/> has been freed.</summary>
    public static int FreesOf(nint bio) => Frees.TryGetValue(bio, out var count) ? count : 0;

    /// <summary>Stops tracking a pointer the allocator may hand out again.</summary>
    public static void Forget(nint bio) => Frees.TryRemove(bio, out _);

    // Linux only, like the OpenSSL CLI tests: the test assembly has no resolver of its own.
    [LibraryImport("libcrypto.so.3", EntryPoint = "BIO_set_callback_ex")]
    private static partial void BIO_set_callback_ex(nint bio, delegate* unmanaged<nint, int, byte*, nuint, int, CLong, int, nuint*, CLong> callback);

    [UnmanagedCallersOnly]
    private static CLong OnBioOperation(nint bio, int operation, byte* argp, nuint length, int argi, CLong argl, int ret, nuint* processed)
    {
        if (operation == BioCbFree)
        {
            Frees.AddOrUpdate(bio, 1, (_, count) => count + 1);
        }

        // Before an operation a positive answer lets it proceed; after it, the operation's own result stands.
        return new CLong((operation & BioCbReturn) != 0 ? ret : 1);
    }
}
