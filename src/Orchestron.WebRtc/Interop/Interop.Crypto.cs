using System.Runtime.InteropServices;
using Orchestron.WebRtc.Dtls.Native;

namespace Orchestron.WebRtc.Interop;

internal static partial class Interop
{
    /// <summary>libcrypto entry points: memory BIOs, X.509 and key decoding, the error queue.</summary>
    internal static unsafe partial class Crypto
    {
        // BIO_ctrl commands behind macros of bio.h.
        internal const int BIO_C_SET_BUF_MEM_EOF_RETURN = 130;

        [LibraryImport(NativeLibraryNames.Crypto, EntryPoint = "BIO_s_mem")]
        internal static partial nint BIO_s_mem();

        [LibraryImport(NativeLibraryNames.Crypto, EntryPoint = "BIO_new")]
        internal static partial nint BIO_new(nint type);

        [LibraryImport(NativeLibraryNames.Crypto, EntryPoint = "BIO_free")]
        internal static partial int BIO_free(nint bio);

        [LibraryImport(NativeLibraryNames.Crypto, EntryPoint = "BIO_write")]
        internal static partial int BIO_write(nint bio, byte* data, int length);

        [LibraryImport(NativeLibraryNames.Crypto, EntryPoint = "BIO_read")]
        internal static partial int BIO_read(nint bio, byte* data, int length);

        [LibraryImport(NativeLibraryNames.Crypto, EntryPoint = "BIO_ctrl")]
        internal static partial CLong BIO_ctrl(nint bio, int command, CLong larg, nint parg);

        [LibraryImport(NativeLibraryNames.Crypto, EntryPoint = "BIO_ctrl_pending")]
        internal static partial nuint BIO_ctrl_pending(nint bio);

        [LibraryImport(NativeLibraryNames.Crypto, EntryPoint = "d2i_X509")]
        internal static partial OpenSslX509Handle d2i_X509(nint reuse, byte** data, CLong length);

        [LibraryImport(NativeLibraryNames.Crypto, EntryPoint = "i2d_X509")]
        internal static partial int i2d_X509(OpenSslX509Handle certificate, byte** output);

        [LibraryImport(NativeLibraryNames.Crypto, EntryPoint = "X509_free")]
        internal static partial void X509_free(nint certificate);

        [LibraryImport(NativeLibraryNames.Crypto, EntryPoint = "d2i_AutoPrivateKey")]
        internal static partial OpenSslPrivateKeyHandle d2i_AutoPrivateKey(nint reuse, byte** data, CLong length);

        [LibraryImport(NativeLibraryNames.Crypto, EntryPoint = "EVP_PKEY_free")]
        internal static partial void EVP_PKEY_free(nint key);

        [LibraryImport(NativeLibraryNames.Crypto, EntryPoint = "ERR_get_error")]
        internal static partial CULong ERR_get_error();

        [LibraryImport(NativeLibraryNames.Crypto, EntryPoint = "ERR_error_string_n")]
        internal static partial void ERR_error_string_n(CULong error, byte* buffer, nuint length);

        [LibraryImport(NativeLibraryNames.Crypto, EntryPoint = "ERR_clear_error")]
        internal static partial void ERR_clear_error();
    }
}
