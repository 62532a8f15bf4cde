using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orchestron.WebRtc.Dtls.OpenSsl;

namespace Orchestron.WebRtc.Dtls;

/// <summary>
/// The self-signed ECDSA P-256 certificate a DTLS endpoint presents. WebRTC authenticates it by the fingerprint in
/// the SDP, not by a chain, so it is made here with .NET and handed to OpenSSL as DER.
/// </summary>
public sealed class DtlsCertificate : IDisposable
{
    private readonly byte[] _der;

    private DtlsCertificate(byte[] der, OpenSslCertificate native)
    {
        _der = der;
        Native = native;
        Fingerprint = DtlsFingerprint.Compute(der);
    }

    /// <summary>The certificate in DER.</summary>
    public ReadOnlySpan<byte> CertificateDer => _der;

    /// <summary>The SHA-256 fingerprint for the SDP's a=fingerprint.</summary>
    public DtlsFingerprint Fingerprint { get; }

    internal OpenSslCertificate Native { get; }

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
    public static DtlsCertificate Load(ReadOnlySpan<byte> certificateDer, ReadOnlySpan<byte> pkcs8PrivateKey)
    {
        try
        {
            return new DtlsCertificate(certificateDer.ToArray(), OpenSslCertificate.Decode(certificateDer, pkcs8PrivateKey));
        }
        catch (OpenSslException e)
        {
            throw new DtlsException(e.Message, e);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => Native.Dispose();
}
