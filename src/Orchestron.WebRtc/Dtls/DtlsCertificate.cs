using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Runtime.InteropServices;
using Orchestron.WebRtc.Dtls.OpenSsl;

namespace Orchestron.WebRtc.Dtls;

/// <summary>
/// The self-signed ECDSA P-256 certificate a DTLS endpoint presents. WebRTC authenticates it by the fingerprint in
/// the SDP, not by a chain, so it is made here with .NET and handed to OpenSSL as DER.
/// </summary>
public sealed class DtlsCertificate : IDisposable
{
    private readonly byte[] _der;

    private DtlsCertificate(byte[] der, SafeX509Handle certificate, SafeEvpPKeyHandle privateKey)
    {
        _der = der;
        Certificate = certificate;
        PrivateKey = privateKey;
        Fingerprint = DtlsFingerprint.Compute(der);
    }

    /// <summary>The certificate in DER.</summary>
    public ReadOnlySpan<byte> CertificateDer => _der;

    /// <summary>The SHA-256 fingerprint for the SDP's a=fingerprint.</summary>
    public DtlsFingerprint Fingerprint { get; }

    internal SafeX509Handle Certificate { get; }

    internal SafeEvpPKeyHandle PrivateKey { get; }

    /// <summary>Creates a fresh key pair and a certificate valid from a day ago for <paramref name="validity"/> (default 1 year).</summary>
    public static DtlsCertificate Generate(string subjectName = "CN=Orchestron", TimeSpan? validity = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subjectName, key, HashAlgorithmName.SHA256);
        var notBefore = DateTimeOffset.UtcNow.AddDays(-1);
        using var certificate = request.CreateSelfSigned(notBefore, notBefore.Add(validity ?? TimeSpan.FromDays(366)));
        var pkcs8 = key.ExportPkcs8PrivateKey();
        try
        {
            return Load(certificate.RawData, pkcs8);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>Loads a certificate (DER) and its private key (PKCS#8 DER) into OpenSSL.</summary>
    /// <exception cref="DtlsException">OpenSSL rejected the certificate or the key.</exception>
    public static unsafe DtlsCertificate Load(ReadOnlySpan<byte> certificateDer, ReadOnlySpan<byte> pkcs8PrivateKey)
    {
        OpenSslErrors.Clear();
        SafeX509Handle? certificate = null;
        try
        {
            fixed (byte* der = certificateDer)
            {
                var cursor = der;
                certificate = Interop.Crypto.d2i_X509(0, &cursor, new CLong(certificateDer.Length));
            }

            if (certificate.IsInvalid)
            {
                throw new DtlsException(OpenSslErrors.Describe("d2i_X509 (decoding the DER certificate)"));
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
                throw new DtlsException(OpenSslErrors.Describe("d2i_AutoPrivateKey (decoding the PKCS#8 private key)"));
            }

            return new DtlsCertificate(certificateDer.ToArray(), certificate, privateKey);
        }
        catch
        {
            certificate?.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Certificate.Dispose();
        PrivateKey.Dispose();
    }
}
