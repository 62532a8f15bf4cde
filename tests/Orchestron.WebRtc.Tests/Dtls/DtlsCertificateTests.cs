using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orchestron.WebRtc.Dtls;

namespace Orchestron.WebRtc.Tests.Dtls;

public sealed class DtlsCertificateTests
{
    [Fact]
    public void Generated_certificate_is_ecdsa_p256_and_its_fingerprint_is_the_sha256_of_der()
    {
        using var certificate = DtlsCertificate.Generate();
        using var parsed = X509CertificateLoader.LoadCertificate(certificate.CertificateDer);
        using var key = parsed.GetECDsaPublicKey();

        Assert.NotNull(key);
        Assert.Equal(ECCurve.NamedCurves.nistP256.Oid.Value, key.ExportParameters(false).Curve.Oid.Value);
        Assert.Equal(SHA256.HashData(certificate.CertificateDer), certificate.Fingerprint.Value.ToArray());
        Assert.Matches("^sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$", certificate.Fingerprint.ToString());
    }

    [Fact]
    public void Fingerprint_round_trips_through_its_sdp_form()
    {
        using var certificate = DtlsCertificate.Generate();

        var parsed = DtlsFingerprint.Parse(certificate.Fingerprint.ToString().ToLowerInvariant());

        Assert.Equal(certificate.Fingerprint, parsed);
        Assert.True(parsed.Matches(certificate.CertificateDer));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("sha-256", "<hash-function> <hex:pairs>")]
    [InlineData("md5 AB:CD", "Unsupported fingerprint hash function 'md5'")]
    [InlineData("sha-256 AB:CD", "32 hex pairs, got 2")]
    [InlineData("sha-1 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:GG", "pair 20 ('GG')")]
    public void Malformed_fingerprints_are_refused_with_what_is_wrong(string text, string expected)
    {
        var exception = Assert.Throws<FormatException>(() => DtlsFingerprint.Parse(text));
        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Garbage_certificate_is_refused_with_the_openssl_error()
    {
        var exception = Assert.Throws<DtlsException>(() => DtlsCertificate.Load([0x30, 0x03, 0x01, 0x02, 0x03], [0x30, 0x00]));
        Assert.Contains("d2i_X509", exception.Message, StringComparison.Ordinal);
    }
}
