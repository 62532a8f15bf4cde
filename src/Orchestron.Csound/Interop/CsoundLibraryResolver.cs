using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

/// <summary>
/// Finds libcsound64 under its real file name on each platform, and explains how to install it
/// when none loads.
/// </summary>
/// <remarks>
/// Debian's runtime package installs only the versioned SONAME <c>libcsound64.so.6.0</c>; the
/// unversioned <c>libcsound64.so</c> comes with the -dev package, so default probing would fail.
/// </remarks>
internal static class CsoundLibraryResolver
{
    internal const string InstallHint =
        "Install Csound 6 (64-bit samples): Debian/Ubuntu 'apt-get install libcsound64-6.0', " +
        "macOS 'brew install csound', Windows: the Csound 6 installer from https://csound.com/download.html " +
        "(puts csound64.dll on PATH).";

    private static readonly string[] CandidateFileNames =
    [
        "libcsound64.so.6.0",
        "libcsound64.so",
        "/Library/Frameworks/CsoundLib64.framework/CsoundLib64",
        "CsoundLib64.framework/CsoundLib64",
        "libcsound64.dylib",
        "libcsound64.6.0.dylib",
        "csound64.dll",
    ];

#pragma warning disable CA2255 // A module initializer is the one place that runs before any [LibraryImport] stub of this assembly.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() => NativeLibrary.SetDllImportResolver(typeof(CsoundLibraryResolver).Assembly, Resolve);

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (!string.Equals(libraryName, Interop.Libraries.Csound, StringComparison.Ordinal))
        {
            return IntPtr.Zero;
        }

        foreach (var fileName in CandidateFileNames)
        {
            if (NativeLibrary.TryLoad(fileName, assembly, searchPath, out var handle))
            {
                return handle;
            }
        }

        throw new DllNotFoundException(
            $"Could not load the Csound library (tried {string.Join(", ", CandidateFileNames)}). {InstallHint}");
    }
}
