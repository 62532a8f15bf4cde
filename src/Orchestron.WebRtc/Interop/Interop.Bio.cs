using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static unsafe partial class Crypto
    {
        // BIO_ctrl command behind the BIO_set_mem_eof_return macro of bio.h.
        internal const int BIO_C_SET_BUF_MEM_EOF_RETURN = 130;

        [LibraryImport(Libraries.Crypto, EntryPoint = "BIO_s_mem")]
        internal static partial nint BIO_s_mem();

        [LibraryImport(Libraries.Crypto, EntryPoint = "BIO_new")]
        internal static partial SafeBioHandle BIO_new(nint type);

        [LibraryImport(Libraries.Crypto, EntryPoint = "BIO_up_ref")]
        internal static partial int BIO_up_ref(SafeBioHandle bio);

        [LibraryImport(Libraries.Crypto, EntryPoint = "BIO_free")]
        internal static partial int BIO_free(nint bio);

        [LibraryImport(Libraries.Crypto, EntryPoint = "BIO_write")]
        internal static partial int BIO_write(SafeBioHandle bio, byte* data, int length);

        [LibraryImport(Libraries.Crypto, EntryPoint = "BIO_read")]
        internal static partial int BIO_read(SafeBioHandle bio, byte* data, int length);

        [LibraryImport(Libraries.Crypto, EntryPoint = "BIO_ctrl")]
        internal static partial CLong BIO_ctrl(SafeBioHandle bio, int command, CLong larg, nint parg);

        [LibraryImport(Libraries.Crypto, EntryPoint = "BIO_ctrl_pending")]
        internal static partial nuint BIO_ctrl_pending(SafeBioHandle bio);
    }
}
