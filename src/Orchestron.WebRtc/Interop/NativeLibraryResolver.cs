using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

/// <summary>
/// Finds libopus and OpenSSL under their real file names on each platform, and explains how to
/// install them when none loads.
/// </summary>
/// <remarks>
/// Debian installs only versioned SONAMEs (<c>libopus.so.0</c>, <c>libssl.so.3</c>) unless the -dev
/// packages are present, so the default probing for <c>libopus.so</c> would fail on a runtime machine.
/// </remarks>
internal static class NativeLibraryResolver
{
    private sealed record Candidates(string[] FileNames, string InstallHint);

    private static readonly Dictionary<string, Candidates> CandidatesByLibrary = new(StringComparer.Ordinal)
    {
        [Interop.Libraries.Opus] = new(
            ["libopus.so.0", "libopus.so", "libopus.0.dylib", "libopus.dylib", "opus.dll", "libopus-0.dll"],
            "libopus: Debian/Ubuntu 'apt-get install libopus0', macOS 'brew install opus', Windows: opus.dll beside the application (e.g. vcpkg 'opus')"),
        [Interop.Libraries.Ssl] = new(
            ["libssl.so.3", "libssl.so", "libssl.3.dylib", "libssl.dylib", "libssl-3-x64.dll", "libssl-3-arm64.dll", "libssl-3.dll"],
            "OpenSSL 3 libssl: Debian/Ubuntu 'apt-get install libssl3', macOS 'brew install openssl@3', Windows: libssl-3-x64.dll beside the application"),
        [Interop.Libraries.Crypto] = new(
            ["libcrypto.so.3", "libcrypto.so", "libcrypto.3.dylib", "libcrypto.dylib", "libcrypto-3-x64.dll", "libcrypto-3-arm64.dll", "libcrypto-3.dll"],
            "OpenSSL 3 libcrypto: Debian/Ubuntu 'apt-get install libssl3', macOS 'brew install openssl@3', Windows: libcrypto-3-x64.dll beside the application"),
        [Interop.Libraries.Libc] = new(
            ["libc.so.6", "libc.so", "libc.dylib", "/usr/lib/libSystem.B.dylib"],
            "the C library (always present on Linux and macOS)"),
    };

#pragma warning disable CA2255 // A module initializer is the one place that runs before any [LibraryImport] stub of this assembly.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() => NativeLibrary.SetDllImportResolver(typeof(NativeLibraryResolver).Assembly, Resolve);

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (!CandidatesByLibrary.TryGetValue(libraryName, out var candidates))
        {
            return IntPtr.Zero;
        }

        foreach (var fileName in candidates.FileNames)
        {
            if (NativeLibrary.TryLoad(fileName, assembly, searchPath, out var handle))
            {
                return handle;
            }
        }

        throw new DllNotFoundException(
            $"Could not load the native library '{libraryName}' (tried {string.Join(", ", candidates.FileNames)}). Install {candidates.InstallHint}.");
    }
}
