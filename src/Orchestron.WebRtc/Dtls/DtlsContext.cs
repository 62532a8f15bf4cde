using System.Runtime.InteropServices;
using System.Text;
using Orchestron.WebRtc.Dtls.OpenSsl;

namespace Orchestron.WebRtc.Dtls;

/// <summary>
/// An OpenSSL DTLS 1.2 context holding our certificate and the use_srtp profiles; sessions of all listeners that
/// answer with the same fingerprint share one.
/// </summary>
public sealed class DtlsContext : IDisposable
{
    private readonly SafeSslContextHandle _context;

    /// <summary>Creates a context presenting <paramref name="certificate"/>.</summary>
    /// <exception cref="DtlsException">OpenSSL refused a setting; the message carries its error queue.</exception>
    public unsafe DtlsContext(DtlsCertificate certificate, DtlsContextOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        Options = options ?? new DtlsContextOptions();
        Options.Validate();
        Certificate = certificate;
        OpenSslErrors.Clear();
        _context = Interop.Ssl.SSL_CTX_new(Interop.Ssl.DTLS_method());
        if (_context.IsInvalid)
        {
            _context.Dispose();
            throw Failure("SSL_CTX_new");
        }

        try
        {
            Configure(certificate);
        }
        catch
        {
            _context.Dispose();
            throw;
        }
    }

    /// <summary>The certificate this context presents.</summary>
    public DtlsCertificate Certificate { get; }

    /// <summary>The settings this context was made with.</summary>
    public DtlsContextOptions Options { get; }

    internal SafeSslContextHandle Handle => _context;

    /// <inheritdoc/>
    public void Dispose() => _context.Dispose();

    private static DtlsException Failure(string operation) => new(OpenSslErrors.Describe(operation));

    // WebRTC peers present self-signed certificates; trust comes from the SDP fingerprint, checked after the
    // handshake, so chain verification must accept whatever certificate the peer sends.
    [UnmanagedCallersOnly]
    private static int AcceptAnyCertificate(int preverifyOk, nint storeContext) => 1;

    private unsafe void Configure(DtlsCertificate certificate)
    {
        var minimum = Interop.Ssl.SSL_CTX_ctrl(_context, Interop.Ssl.SSL_CTRL_SET_MIN_PROTO_VERSION, new CLong(Interop.Ssl.DTLS1_2_VERSION), 0);
        if (minimum.Value != 1)
        {
            throw Failure("SSL_CTX_set_min_proto_version(DTLS 1.2)");
        }

        if (Interop.Ssl.SSL_CTX_ctrl(_context, Interop.Ssl.SSL_CTRL_SET_MAX_PROTO_VERSION, new CLong(Interop.Ssl.DTLS1_2_VERSION), 0).Value != 1)
        {
            throw Failure("SSL_CTX_set_max_proto_version(DTLS 1.2)");
        }

        Interop.Ssl.SSL_CTX_set_options(_context, Interop.Ssl.SSL_OP_NO_QUERY_MTU | Interop.Ssl.SSL_OP_NO_TICKET);

        if (Interop.Ssl.SSL_CTX_use_certificate(_context, certificate.Certificate) != 1)
        {
            throw Failure("SSL_CTX_use_certificate");
        }

        if (Interop.Ssl.SSL_CTX_use_PrivateKey(_context, certificate.PrivateKey) != 1)
        {
            throw Failure("SSL_CTX_use_PrivateKey");
        }

        if (Interop.Ssl.SSL_CTX_check_private_key(_context) != 1)
        {
            throw Failure("SSL_CTX_check_private_key (the key does not belong to the certificate)");
        }

        Interop.Ssl.SSL_CTX_set_verify(
            _context,
            Interop.Ssl.SSL_VERIFY_PEER | Interop.Ssl.SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
            &AcceptAnyCertificate);

        var profiles = Encoding.ASCII.GetBytes(string.Join(':', Options.SrtpProfiles.Select(p => OpenSslSrtpProfiles.NameOf(p)!)) + "\0");
        fixed (byte* list = profiles)
        {
            if (Interop.Ssl.SSL_CTX_set_tlsext_use_srtp(_context, list) != 0)
            {
                throw Failure("SSL_CTX_set_tlsext_use_srtp");
            }
        }
    }
}
