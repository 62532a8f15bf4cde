using System.Runtime.InteropServices;
using Orchestron.WebRtc.Dtls;
using Orchestron.WebRtc.Dtls.OpenSsl;

namespace Orchestron.WebRtc.Tests.Dtls.OpenSsl;

public sealed unsafe class BioOwnershipTests : IDisposable
{
    private readonly DtlsCertificate _certificate = DtlsCertificate.Generate();
    private readonly DtlsContext _context;

    public BioOwnershipTests() => _context = new DtlsContext(_certificate);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_attached_bio_outlives_the_ssl_and_is_freed_once_by_its_handle(bool asReadBio)
    {
        var ssl = Interop.Ssl.SSL_new(_context.Native.Handle);
        var bio = NewMemoryBio();
        var pointer = bio.DangerousGetHandle();
        Attach(ssl, bio, asReadBio);

        ssl.Dispose();
        Assert.Equal(0, BioFreeWatch.FreesOf(pointer));
        byte[] data = [1, 2, 3];
        fixed (byte* bytes = data)
        {
            Assert.Equal(3, Interop.Crypto.BIO_write(bio, bytes, data.Length));
        }

        Assert.Equal(3u, (uint)Interop.Crypto.BIO_ctrl_pending(bio));

        bio.Dispose();
        bio.Dispose();
        Assert.Equal(1, BioFreeWatch.FreesOf(pointer));
        BioFreeWatch.Forget(pointer);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_bio_released_by_its_handle_first_stays_usable_by_the_ssl_until_the_ssl_frees_it(bool asReadBio)
    {
        var ssl = Interop.Ssl.SSL_new(_context.Native.Handle);
        var bio = NewMemoryBio();
        var other = NewMemoryBio();
        var pointer = bio.DangerousGetHandle();
        Attach(ssl, bio, asReadBio);
        Attach(ssl, other, !asReadBio);
        // The context forbids asking the BIO for an MTU (a memory BIO has none), so the handshake needs one set.
        Interop.Ssl.SSL_ctrl(ssl, Interop.Ssl.SSL_CTRL_SET_MTU, new CLong(1200), 0);
        Interop.Ssl.SSL_set_connect_state(ssl);

        bio.Dispose();
        Assert.True(bio.IsClosed);
        Assert.Equal(0, BioFreeWatch.FreesOf(pointer));

        // The ClientHello goes out through the write BIO and the read BIO answers "retry": both still live.
        Assert.Equal(-1, Interop.Ssl.SSL_do_handshake(ssl));
        Assert.Equal(Interop.Ssl.SSL_ERROR_WANT_READ, Interop.Ssl.SSL_get_error(ssl, -1));

        ssl.Dispose();
        other.Dispose();
        Assert.Equal(1, BioFreeWatch.FreesOf(pointer));
        BioFreeWatch.Forget(pointer);
        Interop.Crypto.ERR_clear_error();
    }

    [Fact]
    public void A_connection_can_be_disposed_twice()
    {
        var connection = new OpenSslDtlsConnection(_context.Native, isClient: true, maxDatagramSize: 1200);
        Assert.Equal(OpenSslIoResult.WantMore, connection.Handshake(out _));
        Assert.True(connection.PendingOutgoing > 0);

        connection.Dispose();
        connection.Dispose();
    }

    public void Dispose()
    {
        _context.Dispose();
        _certificate.Dispose();
    }

    private static SafeBioHandle NewMemoryBio()
    {
        var bio = Interop.Crypto.BIO_new(Interop.Crypto.BIO_s_mem());
        Assert.False(bio.IsInvalid);
        Interop.Crypto.BIO_ctrl(bio, Interop.Crypto.BIO_C_SET_BUF_MEM_EOF_RETURN, new CLong(-1), 0);
        BioFreeWatch.Watch(bio);
        return bio;
    }

    private static void Attach(SafeSslHandle ssl, SafeBioHandle bio, bool asReadBio)
    {
        if (asReadBio)
        {
            OpenSslDtlsConnection.AttachReadBio(ssl, bio);
        }
        else
        {
            OpenSslDtlsConnection.AttachWriteBio(ssl, bio);
        }
    }
}
