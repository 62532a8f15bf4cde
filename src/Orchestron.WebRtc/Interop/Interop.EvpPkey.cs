using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static unsafe partial class Crypto
    {
        [LibraryImport(Libraries.Crypto, EntryPoint = "d2i_AutoPrivateKey")]
        internal static partial SafeEvpPKeyHandle d2i_AutoPrivateKey(nint reuse, byte** data, CLong length);

        [LibraryImport(Libraries.Crypto, EntryPoint = "EVP_PKEY_free")]
        internal static partial void EVP_PKEY_free(nint key);
    }
}
