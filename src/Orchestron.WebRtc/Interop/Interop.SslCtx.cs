using System.Runtime.InteropServices;

internal static partial class Interop
{
    internal static unsafe partial class Ssl
    {
        internal const int SSL_VERIFY_PEER = 0x01;
        internal const int SSL_VERIFY_FAIL_IF_NO_PEER_CERT = 0x02;
        internal const int SSL_CTRL_SET_MIN_PROTO_VERSION = 123;
        internal const int SSL_CTRL_SET_MAX_PROTO_VERSION = 124;
        internal const int DTLS1_2_VERSION = 0xFEFD;
        internal const ulong SSL_OP_NO_QUERY_MTU = 1UL << 12;
        internal const ulong SSL_OP_NO_TICKET = 1UL << 14;
        internal const ulong SSL_OP_NO_RENEGOTIATION = 1UL << 30;

        [LibraryImport(Libraries.Ssl, EntryPoint = "DTLS_method")]
        internal static partial nint DTLS_method();

        [LibraryImport(Libraries.Ssl, EntryPoint = "SSL_CTX_new")]
        internal static partial SafeSslContextHandle SSL_CTX_new(nint method);

        [LibraryImport(Libraries.Ssl, EntryPoint = "SSL_CTX_free")]
        internal static partial void SSL_CTX_free(nint context);

        [LibraryImport(Libraries.Ssl, EntryPoint = "SSL_CTX_ctrl")]
        internal static partial CLong SSL_CTX_ctrl(SafeSslContextHandle context, int command, CLong larg, nint parg);

        [LibraryImport(Libraries.Ssl, EntryPoint = "SSL_CTX_set_options")]
        internal static partial ulong SSL_CTX_set_options(SafeSslContextHandle context, ulong options);

        [LibraryImport(Libraries.Ssl, EntryPoint = "SSL_CTX_use_certificate")]
        internal static partial int SSL_CTX_use_certificate(SafeSslContextHandle context, SafeX509Handle certificate);

        [LibraryImport(Libraries.Ssl, EntryPoint = "SSL_CTX_use_PrivateKey")]
        internal static partial int SSL_CTX_use_PrivateKey(SafeSslContextHandle context, SafeEvpPKeyHandle key);

        [LibraryImport(Libraries.Ssl, EntryPoint = "SSL_CTX_check_private_key")]
        internal static partial int SSL_CTX_check_private_key(SafeSslContextHandle context);

        [LibraryImport(Libraries.Ssl, EntryPoint = "SSL_CTX_set_verify")]
        internal static partial void SSL_CTX_set_verify(SafeSslContextHandle context, int mode, delegate* unmanaged<int, nint, int> callback);

        /// <summary>Returns 0 on success (unlike most of OpenSSL).</summary>
        [LibraryImport(Libraries.Ssl, EntryPoint = "SSL_CTX_set_tlsext_use_srtp")]
        internal static partial int SSL_CTX_set_tlsext_use_srtp(SafeSslContextHandle context, byte* profiles);
    }
}
