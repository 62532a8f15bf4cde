using System.Runtime.InteropServices;

namespace Orchestron.WebRtc.Dtls.OpenSsl;

/// <summary>
/// One OpenSSL DTLS connection over two memory BIOs: datagrams from the peer are written into the read BIO,
/// records OpenSSL produces are read from the write BIO. Mechanism only; what to accept is the caller's policy.
/// </summary>
/// <remarks>Not thread-safe; the caller serialises every call.</remarks>
internal sealed class OpenSslDtlsConnection : IDisposable
{
    private readonly SafeSslHandle _ssl;
    private readonly SafeBioHandle _readBio;
    private readonly SafeBioHandle _writeBio;
    // One record's worth: a DTLS record carries at most 2^14 bytes of plaintext.
    private readonly byte[] _applicationData = new byte[16384];

    /// <summary>Creates a connection of <paramref name="context"/> in the client or server role.</summary>
    /// <param name="context">The context holding certificate, key and use_srtp profiles.</param>
    /// <param name="isClient">True to send the ClientHello; false to wait for one.</param>
    /// <param name="maxDatagramSize">The MTU OpenSSL sizes its records to.</param>
    /// <exception cref="OpenSslException">OpenSSL could not create or configure the connection.</exception>
    internal OpenSslDtlsConnection(OpenSslDtlsContext context, bool isClient, int maxDatagramSize)
    {
        OpenSslErrors.Clear();
        _ssl = Interop.Ssl.SSL_new(context.Handle);
        if (_ssl.IsInvalid)
        {
            _ssl.Dispose();
            throw OpenSslErrors.Exception("SSL_new");
        }

        try
        {
            _readBio = NewMemoryBio();
            _writeBio = NewMemoryBio();
            AttachReadBio(_ssl, _readBio);
            AttachWriteBio(_ssl, _writeBio);

            Interop.Ssl.SSL_set_options(_ssl, Interop.Ssl.SSL_OP_NO_QUERY_MTU);
            // SSL_set_mtu answers the MTU it set, or 0 below OpenSSL's minimum.
            if (Interop.Ssl.SSL_ctrl(_ssl, Interop.Ssl.SSL_CTRL_SET_MTU, new CLong(maxDatagramSize), 0).Value == 0)
            {
                throw OpenSslErrors.Exception($"SSL_set_mtu({maxDatagramSize})");
            }

            if (isClient)
            {
                Interop.Ssl.SSL_set_connect_state(_ssl);
            }
            else
            {
                Interop.Ssl.SSL_set_accept_state(_ssl);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Whether OpenSSL has seen the peer end the connection (close_notify or a fatal alert it really sent).</summary>
    internal bool ReceivedShutdown => (Interop.Ssl.SSL_get_shutdown(_ssl) & Interop.Ssl.SSL_RECEIVED_SHUTDOWN) != 0;

    /// <summary>
    /// Whether OpenSSL still considers the handshake finished. A fatal error puts the connection back "in init"
    /// for good: it then reads nothing more, so whatever is written to it only piles up.
    /// </summary>
    internal bool IsHandshakeFinished => Interop.Ssl.SSL_is_init_finished(_ssl) == 1;

    /// <summary>The negotiated cipher suite's OpenSSL name, or null before the handshake chose one.</summary>
    internal string? CipherName
    {
        get
        {
            var cipher = Interop.Ssl.SSL_get_current_cipher(_ssl);
            return cipher == 0 ? null : Marshal.PtrToStringAnsi(Interop.Ssl.SSL_CIPHER_get_name(cipher));
        }
    }

    /// <summary>Bytes of records waiting to be sent to the peer.</summary>
    internal int PendingOutgoing => (int)Math.Min((ulong)Interop.Crypto.BIO_ctrl_pending(_writeBio), int.MaxValue);

    /// <summary>
    /// The IANA id of the SRTP protection profile use_srtp negotiated, or null when the peer negotiated none.
    /// </summary>
    internal unsafe int? SelectedSrtpProfileId
    {
        get
        {
            var selected = Interop.Ssl.SSL_get_selected_srtp_profile(_ssl);
            return selected is null ? null : (int)selected->Id.Value;
        }
    }

    /// <summary>Hands one datagram from the peer to OpenSSL; false when the BIO did not take all of it.</summary>
    internal unsafe bool WriteIncoming(ReadOnlySpan<byte> datagram)
    {
        fixed (byte* data = datagram)
        {
            return Interop.Crypto.BIO_write(_readBio, data, datagram.Length) == datagram.Length;
        }
    }

    /// <summary>Runs the handshake as far as the datagrams received so far allow.</summary>
    /// <param name="sslError">The SSL_get_error code when the step failed.</param>
    internal OpenSslIoResult Handshake(out int sslError)
    {
        var result = Interop.Ssl.SSL_do_handshake(_ssl);
        if (result == 1)
        {
            sslError = Interop.Ssl.SSL_ERROR_NONE;
            return OpenSslIoResult.Done;
        }

        sslError = Interop.Ssl.SSL_get_error(_ssl, result);
        return Classify(sslError);
    }

    /// <summary>
    /// Reads one application data record. Reading is also what lets OpenSSL answer a retransmitted final flight
    /// and notice close_notify or an alert, so callers read until the result is not <see cref="OpenSslIoResult.Done"/>.
    /// </summary>
    /// <param name="plaintext">The record's plaintext when the result is <see cref="OpenSslIoResult.Done"/>, valid until the next read.</param>
    /// <param name="sslError">The SSL_get_error code when no record was read.</param>
    internal unsafe OpenSslIoResult ReadApplicationData(out ReadOnlySpan<byte> plaintext, out int sslError)
    {
        int read;
        fixed (byte* buffer = _applicationData)
        {
            read = Interop.Ssl.SSL_read(_ssl, buffer, _applicationData.Length);
        }

        if (read > 0)
        {
            plaintext = _applicationData.AsSpan(0, read);
            sslError = Interop.Ssl.SSL_ERROR_NONE;
            return OpenSslIoResult.Done;
        }

        plaintext = default;
        sslError = Interop.Ssl.SSL_get_error(_ssl, read);
        return Classify(sslError);
    }

    /// <summary>Encrypts <paramref name="data"/> as one application data record; false when OpenSSL refused it.</summary>
    internal unsafe bool WriteApplicationData(ReadOnlySpan<byte> data)
    {
        fixed (byte* buffer = data)
        {
            return Interop.Ssl.SSL_write(_ssl, buffer, data.Length) == data.Length;
        }
    }

    /// <summary>Moves up to <paramref name="destination"/>'s length of outgoing records into it; returns the bytes moved.</summary>
    internal unsafe int ReadOutgoing(Span<byte> destination)
    {
        fixed (byte* buffer = destination)
        {
            return Math.Max(0, Interop.Crypto.BIO_read(_writeBio, buffer, destination.Length));
        }
    }

    /// <summary>Drops every outgoing record, e.g. an alert that must not reach the peer.</summary>
    internal void DiscardOutgoing()
    {
        Span<byte> scratch = stackalloc byte[512];
        while (ReadOutgoing(scratch) > 0)
        {
        }
    }

    /// <summary>Time left on OpenSSL's retransmission timer, or null when none runs.</summary>
    internal unsafe TimeSpan? GetTimeout()
    {
        var timeVal = default(Interop.Ssl.TimeVal);
        var result = Interop.Ssl.SSL_ctrl(_ssl, Interop.Ssl.DTLS_CTRL_GET_TIMEOUT, default, (nint)(&timeVal)).Value;
        return result <= 0 ? null : TimeSpan.FromSeconds(timeVal.Seconds.Value) + TimeSpan.FromMicroseconds(timeVal.Microseconds);
    }

    /// <summary>Retransmits the last flight if its timer expired; false when OpenSSL gives up on the peer.</summary>
    internal bool HandleTimeout() => Interop.Ssl.SSL_ctrl(_ssl, Interop.Ssl.DTLS_CTRL_HANDLE_TIMEOUT, default, 0).Value >= 0;

    /// <summary>The peer's certificate in DER, or null when it presented none.</summary>
    /// <exception cref="OpenSslException">OpenSSL could not encode the certificate.</exception>
    internal unsafe byte[]? GetPeerCertificate()
    {
        using var peer = Interop.Ssl.SSL_get1_peer_certificate(_ssl);
        if (peer.IsInvalid)
        {
            return null;
        }

        var length = Interop.Crypto.i2d_X509(peer, null);
        if (length <= 0)
        {
            throw OpenSslErrors.Exception("i2d_X509");
        }

        var der = new byte[length];
        fixed (byte* start = der)
        {
            var cursor = start;
            Interop.Crypto.i2d_X509(peer, &cursor);
        }

        return der;
    }

    /// <summary>Fills <paramref name="output"/> from the TLS exporter (RFC 5705) with <paramref name="label"/> and no context.</summary>
    /// <exception cref="OpenSslException">The handshake is not finished or OpenSSL refused.</exception>
    internal unsafe void ExportKeyingMaterial(ReadOnlySpan<byte> label, Span<byte> output)
    {
        fixed (byte* destination = output)
        fixed (byte* labelBytes = label)
        {
            if (Interop.Ssl.SSL_export_keying_material(_ssl, destination, (nuint)output.Length, labelBytes, (nuint)label.Length, null, 0, 0) != 1)
            {
                throw OpenSslErrors.Exception("SSL_export_keying_material");
            }
        }
    }

    /// <summary>Queues close_notify; read it with <see cref="ReadOutgoing"/>.</summary>
    internal void Shutdown() => Interop.Ssl.SSL_shutdown(_ssl);

    /// <summary>Names an SSL_get_error code for a message.</summary>
    internal static string DescribeSslError(int sslError) => sslError switch
    {
        Interop.Ssl.SSL_ERROR_SSL => "protocol error",
        Interop.Ssl.SSL_ERROR_SYSCALL => "I/O error",
        Interop.Ssl.SSL_ERROR_ZERO_RETURN => "closed by the peer",
        _ => $"SSL_get_error {sslError}",
    };

    /// <summary>Frees the SSL and our references to its BIOs.</summary>
    public void Dispose()
    {
        _ssl.Dispose();
        _readBio?.Dispose();
        _writeBio?.Dispose();
    }

    private static OpenSslIoResult Classify(int sslError) => sslError switch
    {
        Interop.Ssl.SSL_ERROR_WANT_READ or Interop.Ssl.SSL_ERROR_WANT_WRITE => OpenSslIoResult.WantMore,
        Interop.Ssl.SSL_ERROR_ZERO_RETURN => OpenSslIoResult.Closed,
        _ => OpenSslIoResult.Failed,
    };

    private static SafeBioHandle NewMemoryBio()
    {
        var bio = Interop.Crypto.BIO_new(Interop.Crypto.BIO_s_mem());
        if (bio.IsInvalid)
        {
            bio.Dispose();
            throw OpenSslErrors.Exception("BIO_new(BIO_s_mem)");
        }

        // An empty memory BIO must read as "retry later", not end of file, or OpenSSL treats the peer as gone.
        Interop.Crypto.BIO_ctrl(bio, Interop.Crypto.BIO_C_SET_BUF_MEM_EOF_RETURN, new CLong(-1), 0);
        return bio;
    }

    // SSL_set0_rbio/wbio take over one reference; giving the SSL a reference of its own keeps ours valid, so each
    // owner frees exactly the reference it holds, in whichever order they are disposed.

    /// <summary>Makes <paramref name="bio"/> the BIO <paramref name="ssl"/> reads from; both own a reference to it.</summary>
    internal static void AttachReadBio(SafeSslHandle ssl, SafeBioHandle bio)
    {
        TakeReferenceForSsl(bio);
        Interop.Ssl.SSL_set0_rbio(ssl, bio);
    }

    /// <summary>Makes <paramref name="bio"/> the BIO <paramref name="ssl"/> writes to; both own a reference to it.</summary>
    internal static void AttachWriteBio(SafeSslHandle ssl, SafeBioHandle bio)
    {
        TakeReferenceForSsl(bio);
        Interop.Ssl.SSL_set0_wbio(ssl, bio);
    }

    private static void TakeReferenceForSsl(SafeBioHandle bio)
    {
        if (Interop.Crypto.BIO_up_ref(bio) != 1)
        {
            throw OpenSslErrors.Exception("BIO_up_ref");
        }
    }
}
