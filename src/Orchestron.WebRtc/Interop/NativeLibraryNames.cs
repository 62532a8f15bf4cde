namespace Orchestron.WebRtc.Interop;

/// <summary>
/// The logical names that <c>[LibraryImport]</c> declarations use; <see cref="NativeLibraryResolver"/>
/// maps each to the platform's real file names.
/// </summary>
internal static class NativeLibraryNames
{
    internal const string Opus = "orchestron-opus";
    internal const string Ssl = "orchestron-ssl";
    internal const string Crypto = "orchestron-crypto";
    internal const string Libc = "orchestron-libc";
}
