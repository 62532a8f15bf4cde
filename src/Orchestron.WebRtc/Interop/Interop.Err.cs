using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static unsafe partial class Crypto
    {
        [LibraryImport(Libraries.Crypto, EntryPoint = "ERR_get_error")]
        internal static partial CULong ERR_get_error();

        [LibraryImport(Libraries.Crypto, EntryPoint = "ERR_error_string_n")]
        internal static partial void ERR_error_string_n(CULong error, byte* buffer, nuint length);

        [LibraryImport(Libraries.Crypto, EntryPoint = "ERR_clear_error")]
        internal static partial void ERR_clear_error();
    }
}
