using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static unsafe partial class Crypto
    {
        [LibraryImport(Libraries.Crypto, EntryPoint = "d2i_X509")]
        internal static partial SafeX509Handle d2i_X509(nint reuse, byte** data, CLong length);

        [LibraryImport(Libraries.Crypto, EntryPoint = "i2d_X509")]
        internal static partial int i2d_X509(SafeX509Handle certificate, byte** output);

        [LibraryImport(Libraries.Crypto, EntryPoint = "X509_free")]
        internal static partial void X509_free(nint certificate);
    }
}
