using Orchestron.WebRtc.Dtls.OpenSsl;

namespace Orchestron.WebRtc.Dtls;

/// <summary>
/// A DTLS 1.2 context holding our certificate and the use_srtp profiles; sessions of all listeners that answer
/// with the same fingerprint share one.
/// </summary>
public sealed class DtlsContext : IDisposable
{
    private readonly OpenSslDtlsContext _context;

    /// <summary>Creates a context presenting <paramref name="certificate"/>.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    /// <exception cref="DtlsException">OpenSSL refused a setting; the message carries its error queue.</exception>
    public DtlsContext(DtlsCertificate certificate, DtlsContextOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        Options = options ?? new DtlsContextOptions();
        Options.Validate();
        Certificate = certificate;
        try
        {
            _context = new OpenSslDtlsContext(certificate.Native, Options.SrtpProfiles);
        }
        catch (OpenSslException e)
        {
            throw new DtlsException(e.Message, e);
        }
    }

    /// <summary>The certificate this context presents.</summary>
    public DtlsCertificate Certificate { get; }

    /// <summary>The settings this context was made with.</summary>
    public DtlsContextOptions Options { get; }

    internal OpenSslDtlsContext Native => _context;

    /// <inheritdoc/>
    public void Dispose() => _context.Dispose();
}
