internal static partial class Interop
{
    /// <summary>
    /// The logical library names that the <c>[LibraryImport]</c> declarations use; <see cref="NativeLibraryResolver"/>
    /// maps each to the platform's real file names (e.g. <c>libssl.so.3</c>).
    /// </summary>
    internal static class Libraries
    {
        internal const string Opus = "orchestron-opus";
        internal const string Ssl = "orchestron-ssl";
        internal const string Crypto = "orchestron-crypto";
        internal const string Libc = "orchestron-libc";
    }
}
