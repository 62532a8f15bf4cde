using System.Runtime.InteropServices;

internal static partial class Interop
{
    /// <summary>
    /// libssl entry points for DTLS 1.2 with the use_srtp extension: the connection here, the context in
    /// <c>Interop.SslCtx.cs</c>. Constants are the values of ssl.h macros, which are not exported functions.
    /// </summary>
    internal static unsafe partial class Ssl
    {
        internal const int SSL_ERROR_NONE = 0;
        internal const int SSL_ERROR_SSL = 1;
        internal const int SSL_ERROR_WANT_READ = 2;
        internal const int SSL_ERROR_WANT_WRITE = 3;
        internal const int SSL_ERROR_SYSCALL = 5;
        internal const int SSL_ERROR_ZERO_RETURN = 6;
        internal const int SSL_CTRL_SET_MTU = 17;
        internal const int DTLS_CTRL_GET_TIMEOUT = 73;
        internal const int DTLS_CTRL_HANDLE_TIMEOUT = 74;
        internal const int SSL_RECEIVED_SHUTDOWN = 2;

        [LibraryImport(Libraries.Ssl, EntryPoint = "SSL_new")]
        internal static partial SafeSslHandle SSL_new(SafeSslContextHandle context);

        [LibraryImport(Libraries.Ssl, EntryPoint = "SSL_free")]
        internal static partial void SSL_free(nint ssl);

        /// <summary>Takes ownership of one reference to <paramref name="bio"/> (see <see cref="SafeBioHandle"/>).</summary>
        [LibraryImport(Libraries.Ssl, EntryPoint = "SSL_set0_rbio")]
        internal static partial void SSL_set0_rbio(SafeSslHandle ssl, SafeBioHandle bio);

        /// <summary>Takes ownership of one reference to <paramref name="bio"/> (see <see cref="SafeBioHandle"/>).</summary>
        [LibraryImport(Libraries.Ssl, EntryPoint = "SSL_set0_wbio")]
        internal static partial void SSL_set0_wbio(SafeSslHandle ssl, SafeBioHandle bio);

        [LibraryImport(Libraries.Ssl, EntryPoint = "SSL_set_options")]
        internal static partial ulong SSL_set_options(SafeSslHandle ssl, ulong options);

        [LibraryImport(Libraries.Ssl, EntryPoint = "SSL_ctrl")]
        internal static partial CLong SSL_ctrl(SafeSslHandle ssl, int command, CLong larg, nint parg);

        [LibraryImport(Libraries.Ssl, EntryPoint = "SSL_set_accept_state")]
        internal static partial void SSL_set_accept_state(SafeSslHandle ssl);

        [LibraryImport(Libraries.Ssl, EntryPoint = "SSL_set_connect_state")]
        internal static partial void SSL_set_connect_state(SafeSslHandle ssl);

        [LibraryImport(Libraries.Ssl, EntryPoint = "SSL_do_handshake")]
        internal static partial int SSL_do_handshake(SafeSslHandle ssl);

        [LibraryImport(Libraries.Ssl, EntryPoint = "SSL_get_error")]
        internal static partial int SSL_get_error(SafeSslHandle ssl, int result);

        [LibraryImport(Libraries.Ssl, EntryPoint = "SSL_read")]
        internal static partial int SSL_read(SafeSslHandle ssl, byte* buffer, int length);

        [LibraryImport(Libraries.Ssl, EntryPoint = "SSL_write")]
        internal static partial int SSL_write(SafeSslHandle ssl, byte* buffer, int length);

        [LibraryImport(Libraries.Ssl, EntryPoint = "SSL_shutdown")]
        internal static partial int SSL_shutdown(SafeSslHandle ssl);

        [LibraryImport(Libraries.Ssl, EntryPoint = "SSL_get_shutdown")]
        internal static partial int SSL_get_shutdown(SafeSslHandle ssl);

        [LibraryImport(Libraries.Ssl, EntryPoint = "SSL_is_init_finished")]
        internal static partial int SSL_is_init_finished(SafeSslHandle ssl);

        /// <summary>The negotiated cipher suite (a const SSL_CIPHER*, not owned), or null before the handshake chose one.</summary>
        [LibraryImport(Libraries.Ssl, EntryPoint = "SSL_get_current_cipher")]
        internal static partial nint SSL_get_current_cipher(SafeSslHandle ssl);

        /// <summary>The OpenSSL name of <paramref name="cipher"/>: a static string, not owned.</summary>
        [LibraryImport(Libraries.Ssl, EntryPoint = "SSL_CIPHER_get_name")]
        internal static partial nint SSL_CIPHER_get_name(nint cipher);

        [LibraryImport(Libraries.Ssl, EntryPoint = "SSL_get_selected_srtp_profile")]
        internal static partial SrtpProtectionProfile* SSL_get_selected_srtp_profile(SafeSslHandle ssl);

        [LibraryImport(Libraries.Ssl, EntryPoint = "SSL_get1_peer_certificate")]
        internal static partial SafeX509Handle SSL_get1_peer_certificate(SafeSslHandle ssl);

        [LibraryImport(Libraries.Ssl, EntryPoint = "SSL_export_keying_material")]
        internal static partial int SSL_export_keying_material(
            SafeSslHandle ssl,
            byte* output,
            nuint outputLength,
            byte* label,
            nuint labelLength,
            byte* context,
            nuint contextLength,
            int useContext);

        /// <summary>SRTP_PROTECTION_PROFILE of srtp.h.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct SrtpProtectionProfile
        {
            internal nint Name;
            internal CULong Id;
        }

        /// <summary>
        /// struct timeval as DTLSv1_get_timeout fills it. tv_usec is read as 32 bits: it is below one million, the
        /// field is a long on Linux and Windows and an int on macOS, and all three are little-endian on the
        /// supported architectures; the trailing int only pads the struct to its largest size.
        /// </summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct TimeVal
        {
            internal CLong Seconds;
            internal int Microseconds;
            internal int Padding;
        }
    }
}
