using System.Runtime.InteropServices;

namespace Orchestron.WebRtc.Dtls.OpenSsl;

/// <summary>A certificate and its private key decoded into OpenSSL objects, ready for an SSL_CTX.</summary>
internal sealed class OpenSslCertificate : IDisposable
{
    private OpenSslCertificate(SafeX509Handle certificate, SafeEvpPKeyHandle privateKey)
    {
        Certificate = certificate;
        PrivateKey = privateKey;
    }

    internal SafeX509Handle Certificate { get; }

    internal SafeEvpPKeyHandle PrivateKey { get; }

    /// <summary>Decodes a DER certificate and a PKCS#8 DER private key.</summary>
    /// <exception cref="OpenSslException">OpenSSL rejected the certificate or the key.</exception>
    internal static unsafe OpenSslCertificate Decode(ReadOnlySpan<byte> certificateDer, ReadOnlySpan<byte> pkcs8PrivateKey)
    {
        OpenSslErrors.Clear();
        SafeX509Handle certificate;
        fixed (byte* der = certificateDer)
        {
            var cursor = der;
            certificate = Interop.Crypto.d2i_X509(0, &cursor, new CLong(certificateDer.Length));
        }

        if (certificate.IsInvalid)
        {
            certificate.Dispose();
            throw OpenSslErrors.Exception("d2i_X509 (decoding the DER certificate)");
        }

        SafeEvpPKeyHandle privateKey;
        fixed (byte* pkcs8 = pkcs8PrivateKey)
        {
            var cursor = pkcs8;
            privateKey = Interop.Crypto.d2i_AutoPrivateKey(0, &cursor, new CLong(pkcs8PrivateKey.Length));
        }

        if (privateKey.IsInvalid)
        {
            privateKey.Dispose();
            certificate.Dispose();
            throw OpenSslErrors.Exception("d2i_AutoPrivateKey (decoding the PKCS#8 private key)");
        }

        return new OpenSslCertificate(certificate, privateKey);
    }

    public void Dispose()
    {
        Certificate.Dispose();
        PrivateKey.Dispose();
    }
}
