using System.Runtime.InteropServices;
using Orchestron.WebRtc.Dtls.Native;

namespace Orchestron.WebRtc.Interop;

internal static partial class Interop
{
    /// <summary>libssl entry points for DTLS 1.2 with the use_srtp extension.</summary>
    internal static unsafe partial class Ssl
    {
        // Values of ssl.h / prov_ssl.h macros; the macros themselves are not exported functions.
        internal const int SSL_VERIFY_PEER = 0x01;
        internal const int SSL_VERIFY_FAIL_IF_NO_PEER_CERT = 0x02;
        internal const int SSL_ERROR_NONE = 0;
        internal const int SSL_ERROR_SSL = 1;
        internal const int SSL_ERROR_WANT_READ = 2;
        internal const int SSL_ERROR_WANT_WRITE = 3;
        internal const int SSL_ERROR_SYSCALL = 5;
        internal const int SSL_ERROR_ZERO_RETURN = 6;
        internal const int SSL_CTRL_SET_MTU = 17;
        internal const int DTLS_CTRL_GET_TIMEOUT = 73;
        internal const int DTLS_CTRL_HANDLE_TIMEOUT = 74;
        internal const int SSL_CTRL_SET_MIN_PROTO_VERSION = 123;
        internal const int SSL_CTRL_SET_MAX_PROTO_VERSION = 124;
        internal const int DTLS1_2_VERSION = 0xFEFD;
        internal const ulong SSL_OP_NO_QUERY_MTU = 1UL << 12;
        internal const ulong SSL_OP_NO_TICKET = 1UL << 14;
        internal const int SSL_RECEIVED_SHUTDOWN = 2;

        [LibraryImport(NativeLibraryNames.Ssl, EntryPoint = "DTLS_method")]
        internal static partial nint DTLS_method();

        [LibraryImport(NativeLibraryNames.Ssl, EntryPoint = "SSL_CTX_new")]
        internal static partial OpenSslContextHandle SSL_CTX_new(nint method);

        [LibraryImport(NativeLibraryNames.Ssl, EntryPoint = "SSL_CTX_free")]
        internal static partial void SSL_CTX_free(nint context);

        [LibraryImport(NativeLibraryNames.Ssl, EntryPoint = "SSL_CTX_ctrl")]
        internal static partial CLong SSL_CTX_ctrl(OpenSslContextHandle context, int command, CLong larg, nint parg);

        [LibraryImport(NativeLibraryNames.Ssl, EntryPoint = "SSL_CTX_set_options")]
        internal static partial ulong SSL_CTX_set_options(OpenSslContextHandle context, ulong options);

        [LibraryImport(NativeLibraryNames.Ssl, EntryPoint = "SSL_CTX_use_certificate")]
        internal static partial int SSL_CTX_use_certificate(OpenSslContextHandle context, OpenSslX509Handle certificate);

        [LibraryImport(NativeLibraryNames.Ssl, EntryPoint = "SSL_CTX_use_PrivateKey")]
        internal static partial int SSL_CTX_use_PrivateKey(OpenSslContextHandle context, OpenSslPrivateKeyHandle key);

        [LibraryImport(NativeLibraryNames.Ssl, EntryPoint = "SSL_CTX_check_private_key")]
        internal static partial int SSL_CTX_check_private_key(OpenSslContextHandle context);

        [LibraryImport(NativeLibraryNames.Ssl, EntryPoint = "SSL_CTX_set_verify")]
        internal static partial void SSL_CTX_set_verify(OpenSslContextHandle context, int mode, delegate* unmanaged<int, nint, int> callback);

        /// <summary>Returns 0 on success (unlike most of OpenSSL).</summary>
        [LibraryImport(NativeLibraryNames.Ssl, EntryPoint = "SSL_CTX_set_tlsext_use_srtp")]
        internal static partial int SSL_CTX_set_tlsext_use_srtp(OpenSslContextHandle context, byte* profiles);

        [LibraryImport(NativeLibraryNames.Ssl, EntryPoint = "SSL_new")]
        internal static partial OpenSslHandle SSL_new(OpenSslContextHandle context);

        [LibraryImport(NativeLibraryNames.Ssl, EntryPoint = "SSL_free")]
        internal static partial void SSL_free(nint ssl);

        [LibraryImport(NativeLibraryNames.Ssl, EntryPoint = "SSL_set_bio")]
        internal static partial void SSL_set_bio(OpenSslHandle ssl, nint readBio, nint writeBio);

        [LibraryImport(NativeLibraryNames.Ssl, EntryPoint = "SSL_set_options")]
        internal static partial ulong SSL_set_options(OpenSslHandle ssl, ulong options);

        [LibraryImport(NativeLibraryNames.Ssl, EntryPoint = "SSL_ctrl")]
        internal static partial CLong SSL_ctrl(OpenSslHandle ssl, int command, CLong larg, nint parg);

        [LibraryImport(NativeLibraryNames.Ssl, EntryPoint = "SSL_set_accept_state")]
        internal static partial void SSL_set_accept_state(OpenSslHandle ssl);

        [LibraryImport(NativeLibraryNames.Ssl, EntryPoint = "SSL_set_connect_state")]
        internal static partial void SSL_set_connect_state(OpenSslHandle ssl);

        [LibraryImport(NativeLibraryNames.Ssl, EntryPoint = "SSL_do_handshake")]
        internal static partial int SSL_do_handshake(OpenSslHandle ssl);

        [LibraryImport(NativeLibraryNames.Ssl, EntryPoint = "SSL_is_init_finished")]
        internal static partial int SSL_is_init_finished(OpenSslHandle ssl);

        [LibraryImport(NativeLibraryNames.Ssl, EntryPoint = "SSL_get_error")]
        internal static partial int SSL_get_error(OpenSslHandle ssl, int result);

        [LibraryImport(NativeLibraryNames.Ssl, EntryPoint = "SSL_read")]
        internal static partial int SSL_read(OpenSslHandle ssl, byte* buffer, int length);

        [LibraryImport(NativeLibraryNames.Ssl, EntryPoint = "SSL_shutdown")]
        internal static partial int SSL_shutdown(OpenSslHandle ssl);

        [LibraryImport(NativeLibraryNames.Ssl, EntryPoint = "SSL_get_shutdown")]
        internal static partial int SSL_get_shutdown(OpenSslHandle ssl);

        [LibraryImport(NativeLibraryNames.Ssl, EntryPoint = "SSL_get_selected_srtp_profile")]
        internal static partial SrtpProtectionProfile* SSL_get_selected_srtp_profile(OpenSslHandle ssl);

        [LibraryImport(NativeLibraryNames.Ssl, EntryPoint = "SSL_get1_peer_certificate")]
        internal static partial OpenSslX509Handle SSL_get1_peer_certificate(OpenSslHandle ssl);

        [LibraryImport(NativeLibraryNames.Ssl, EntryPoint = "SSL_export_keying_material")]
        internal static partial int SSL_export_keying_material(
            OpenSslHandle ssl,
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
