using System.Runtime.InteropServices;
using System.Text;
using Orchestron.WebRtc.Srtp;

namespace Orchestron.WebRtc.Dtls.OpenSsl;

/// <summary>
/// An OpenSSL SSL_CTX for DTLS 1.2 only, presenting one certificate and offering the use_srtp profiles; the
/// <see cref="OpenSslDtlsConnection"/>s made from it share these settings.
/// </summary>
internal sealed class OpenSslDtlsContext : IDisposable
{
    private readonly SafeSslContextHandle _context;

    /// <summary>Creates the context.</summary>
    /// <param name="certificate">What we present; chain verification of the peer is left to the caller.</param>
    /// <param name="srtpProfiles">The use_srtp profiles offered, most preferred first; each must have an OpenSSL name.</param>
    /// <exception cref="OpenSslException">OpenSSL refused a setting.</exception>
    internal OpenSslDtlsContext(OpenSslCertificate certificate, IEnumerable<SrtpProtectionProfile> srtpProfiles)
    {
        OpenSslErrors.Clear();
        _context = Interop.Ssl.SSL_CTX_new(Interop.Ssl.DTLS_method());
        if (_context.IsInvalid)
        {
            _context.Dispose();
            throw OpenSslErrors.Exception("SSL_CTX_new");
        }

        try
        {
            RestrictToDtls12();
            UseCertificate(certificate);
            OfferSrtpProfiles(srtpProfiles);
        }
        catch
        {
            _context.Dispose();
            throw;
        }
    }

    internal SafeSslContextHandle Handle => _context;

    public void Dispose() => _context.Dispose();

    // WebRTC peers present self-signed certificates; trust comes from the SDP fingerprint, checked after the
    // handshake, so chain verification must accept whatever certificate the peer sends.
    [UnmanagedCallersOnly]
    private static int AcceptAnyCertificate(int preverifyOk, nint storeContext) => 1;

    private void RestrictToDtls12()
    {
        var version = new CLong(Interop.Ssl.DTLS1_2_VERSION);
        if (Interop.Ssl.SSL_CTX_ctrl(_context, Interop.Ssl.SSL_CTRL_SET_MIN_PROTO_VERSION, version, 0).Value != 1)
        {
            throw OpenSslErrors.Exception("SSL_CTX_set_min_proto_version(DTLS 1.2)");
        }

        if (Interop.Ssl.SSL_CTX_ctrl(_context, Interop.Ssl.SSL_CTRL_SET_MAX_PROTO_VERSION, version, 0).Value != 1)
        {
            throw OpenSslErrors.Exception("SSL_CTX_set_max_proto_version(DTLS 1.2)");
        }

        // A memory BIO has no path MTU to query; each connection sets its MTU instead. Tickets would only add a
        // record nobody resumes with. WebRTC never renegotiates (RFC 8827 section 6.5 keys SRTP from the first
        // handshake only), so a renegotiation attempt by either side is refused instead of run.
        Interop.Ssl.SSL_CTX_set_options(
            _context, Interop.Ssl.SSL_OP_NO_QUERY_MTU | Interop.Ssl.SSL_OP_NO_TICKET | Interop.Ssl.SSL_OP_NO_RENEGOTIATION);
    }

    private unsafe void UseCertificate(OpenSslCertificate certificate)
    {
        if (Interop.Ssl.SSL_CTX_use_certificate(_context, certificate.Certificate) != 1)
        {
            throw OpenSslErrors.Exception("SSL_CTX_use_certificate");
        }

        if (Interop.Ssl.SSL_CTX_use_PrivateKey(_context, certificate.PrivateKey) != 1)
        {
            throw OpenSslErrors.Exception("SSL_CTX_use_PrivateKey");
        }

        if (Interop.Ssl.SSL_CTX_check_private_key(_context) != 1)
        {
            throw OpenSslErrors.Exception("SSL_CTX_check_private_key (the key does not belong to the certificate)");
        }

        Interop.Ssl.SSL_CTX_set_verify(
            _context,
            Interop.Ssl.SSL_VERIFY_PEER | Interop.Ssl.SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
            &AcceptAnyCertificate);
    }

    private unsafe void OfferSrtpProfiles(IEnumerable<SrtpProtectionProfile> srtpProfiles)
    {
        var names = srtpProfiles.Select(p => OpenSslSrtpProfiles.NameOf(p)
            ?? throw new ArgumentOutOfRangeException(nameof(srtpProfiles), p, "OpenSSL has no name for this SRTP protection profile."));
        var list = Encoding.ASCII.GetBytes(string.Join(':', names) + "\0");
        fixed (byte* profiles = list)
        {
            if (Interop.Ssl.SSL_CTX_set_tlsext_use_srtp(_context, profiles) != 0)
            {
                throw OpenSslErrors.Exception("SSL_CTX_set_tlsext_use_srtp");
            }
        }
    }
}
