using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Orchestron.WebRtc.Dtls.Native;

namespace Orchestron.WebRtc.Dtls;

/// <summary>
/// One listener's DTLS 1.2 association over OpenSSL memory BIOs: datagrams from the peer go in through
/// <see cref="ProcessDatagram"/>, handshake flights come out through the <see cref="DtlsDatagramSender"/>, and when
/// the handshake is done and the peer's certificate matches the SDP fingerprint, <see cref="SrtpKeys"/> holds the
/// RFC 5764 keys.
/// </summary>
/// <remarks>
/// Thread-safe: one lock serialises the receive loop, the retransmission timer and <see cref="Close"/>.
/// Malformed input never throws; it fails the session with a reason instead.
/// </remarks>
public sealed class DtlsSession : IDisposable
{
    private const int RecordHeaderLength = 13;
    private static readonly byte[] ExporterLabel = "EXTRACTOR-dtls_srtp"u8.ToArray();

    private readonly Lock _gate = new();
    private readonly OpenSslHandle _ssl;
    private readonly nint _readBio;
    private readonly nint _writeBio;
    private readonly DtlsDatagramSender _send;
    private readonly DtlsFingerprint _remoteFingerprint;
    private readonly int _maxDatagramSize;
    private readonly HashSet<DtlsSrtpProfile> _allowedProfiles;
    private readonly byte[] _readScratch = new byte[2048];
    private byte[] _outgoing = new byte[4096];
    private DtlsSessionState _state;
    private long _discardedDatagrams;
    private bool _disposed;

    /// <summary>Creates a session in <paramref name="role"/>; nothing is sent before <see cref="Start"/> or the first datagram.</summary>
    /// <param name="context">Our certificate and SRTP profiles.</param>
    /// <param name="role">Client (we send the ClientHello) or server.</param>
    /// <param name="remoteFingerprint">The a=fingerprint of the peer's SDP; its certificate must hash to it.</param>
    /// <param name="send">Where outgoing datagrams go.</param>
    /// <exception cref="DtlsException">OpenSSL could not create the connection.</exception>
    public DtlsSession(DtlsContext context, DtlsRole role, DtlsFingerprint remoteFingerprint, DtlsDatagramSender send)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(remoteFingerprint);
        ArgumentNullException.ThrowIfNull(send);
        Role = role;
        _remoteFingerprint = remoteFingerprint;
        _send = send;
        _maxDatagramSize = context.Options.MaxDatagramSize;
        _allowedProfiles = [.. context.Options.SrtpProfiles];

        OpenSslErrors.Clear();
        _ssl = Interop.Interop.Ssl.SSL_new(context.Handle);
        if (_ssl.IsInvalid)
        {
            _ssl.Dispose();
            throw OpenSslErrors.Exception("SSL_new");
        }

        try
        {
            _readBio = NewMemoryBio();
            try
            {
                _writeBio = NewMemoryBio();
            }
            catch
            {
                Interop.Interop.Crypto.BIO_free(_readBio);
                throw;
            }

            // From here on the SSL owns both BIOs and frees them with itself.
            Interop.Interop.Ssl.SSL_set_bio(_ssl, _readBio, _writeBio);
            Interop.Interop.Ssl.SSL_set_options(_ssl, Interop.Interop.Ssl.SSL_OP_NO_QUERY_MTU);
            // SSL_set_mtu answers the MTU it set, or 0 below OpenSSL's minimum.
            if (Interop.Interop.Ssl.SSL_ctrl(_ssl, Interop.Interop.Ssl.SSL_CTRL_SET_MTU, new CLong(_maxDatagramSize), 0).Value == 0)
            {
                throw OpenSslErrors.Exception($"SSL_set_mtu({_maxDatagramSize})");
            }

            if (role == DtlsRole.Client)
            {
                Interop.Interop.Ssl.SSL_set_connect_state(_ssl);
            }
            else
            {
                Interop.Interop.Ssl.SSL_set_accept_state(_ssl);
            }
        }
        catch
        {
            _ssl.Dispose();
            throw;
        }
    }

    /// <summary>Our role in the handshake.</summary>
    public DtlsRole Role { get; }

    /// <summary>The current state.</summary>
    public DtlsSessionState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>Why the session failed, or null.</summary>
    public string? FailureReason { get; private set; }

    /// <summary>The exported SRTP keys once <see cref="State"/> is <see cref="DtlsSessionState.Connected"/>; null before and on failure.</summary>
    public DtlsSrtpKeys? SrtpKeys { get; private set; }

    /// <summary>Datagrams dropped for broken record framing, or rejected by OpenSSL after the handshake without the peer ending the connection.</summary>
    public long DiscardedDatagrams => Interlocked.Read(ref _discardedDatagrams);

    /// <summary>The peer certificate's fingerprint once the handshake finished (whether it matched or not).</summary>
    public DtlsFingerprint? RemoteCertificateFingerprint { get; private set; }

    /// <summary>Starts the handshake: a client sends its ClientHello; a server just waits for one.</summary>
    public DtlsSessionState Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_state == DtlsSessionState.New)
            {
                _state = DtlsSessionState.Connecting;
                if (Role == DtlsRole.Client)
                {
                    Handshake();
                }
            }

            return _state;
        }
    }

    /// <summary>Feeds one datagram from the peer and sends whatever OpenSSL answers.</summary>
    public DtlsSessionState ProcessDatagram(ReadOnlySpan<byte> datagram)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_state is DtlsSessionState.Failed or DtlsSessionState.Closed || datagram.IsEmpty)
            {
                return _state;
            }

            // RFC 6347 section 4.1.2.7 lets invalid records be dropped silently; OpenSSL would instead treat some
            // (an unknown content type) as fatal, letting anyone who can spoof the peer's address end the session.
            if (!HasValidRecordFraming(datagram))
            {
                Interlocked.Increment(ref _discardedDatagrams);
                return _state;
            }

            if (_state == DtlsSessionState.New)
            {
                _state = DtlsSessionState.Connecting;
            }

            OpenSslErrors.Clear();
            unsafe
            {
                fixed (byte* data = datagram)
                {
                    if (Interop.Interop.Crypto.BIO_write(_readBio, data, datagram.Length) != datagram.Length)
                    {
                        Fail(OpenSslErrors.Exception("BIO_write").Message);
                        return _state;
                    }
                }
            }

            if (_state == DtlsSessionState.Connecting)
            {
                Handshake();
            }
            else
            {
                ReadApplicationData();
            }

            return _state;
        }
    }

    /// <summary>
    /// Time until <see cref="HandleTimeout"/> should run to retransmit the last flight, or null when no handshake
    /// timer runs.
    /// </summary>
    public TimeSpan? GetRetransmissionTimeout()
    {
        lock (_gate)
        {
            if (_disposed || _state != DtlsSessionState.Connecting)
            {
                return null;
            }

            var timeVal = default(Interop.Interop.Ssl.TimeVal);
            nint result;
            unsafe
            {
                result = Interop.Interop.Ssl.SSL_ctrl(_ssl, Interop.Interop.Ssl.DTLS_CTRL_GET_TIMEOUT, default, (nint)(&timeVal)).Value;
            }

            if (result <= 0)
            {
                return null;
            }

            return TimeSpan.FromSeconds(timeVal.Seconds.Value) + TimeSpan.FromMicroseconds(timeVal.Microseconds);
        }
    }

    /// <summary>Retransmits the last flight if its timer expired; fails the session when OpenSSL gives up.</summary>
    public DtlsSessionState HandleTimeout()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_state != DtlsSessionState.Connecting)
            {
                return _state;
            }

            OpenSslErrors.Clear();
            var result = Interop.Interop.Ssl.SSL_ctrl(_ssl, Interop.Interop.Ssl.DTLS_CTRL_HANDLE_TIMEOUT, default, 0).Value;
            FlushOutgoing();
            if (result < 0)
            {
                Fail("The DTLS handshake timed out: " + (OpenSslErrors.Drain() ?? "the peer stopped answering."));
            }

            return _state;
        }
    }

    /// <summary>Sends close_notify if connected and closes the session; keys are forgotten.</summary>
    public void Close()
    {
        lock (_gate)
        {
            if (_disposed || _state is DtlsSessionState.Closed)
            {
                return;
            }

            if (_state == DtlsSessionState.Connected)
            {
                OpenSslErrors.Clear();
                Interop.Interop.Ssl.SSL_shutdown(_ssl);
                FlushOutgoing();
                OpenSslErrors.Clear();
            }

            if (_state != DtlsSessionState.Failed)
            {
                _state = DtlsSessionState.Closed;
            }

            SrtpKeys = null;
        }
    }

    /// <summary>Closes the session (close_notify if connected) and frees the OpenSSL connection.</summary>
    public void Dispose()
    {
        Close();
        lock (_gate)
        {
            _disposed = true;
            _ssl.Dispose();
        }
    }

    /// <summary>Whether <paramref name="datagram"/> is a sequence of whole DTLS 1.0/1.2 records of known content types.</summary>
    internal static bool HasValidRecordFraming(ReadOnlySpan<byte> datagram)
    {
        while (!datagram.IsEmpty)
        {
            if (datagram.Length < RecordHeaderLength)
            {
                return false;
            }

            var contentType = datagram[0];
            var version = BinaryPrimitives.ReadUInt16BigEndian(datagram[1..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(datagram[11..]);
            if (contentType is < 20 or > 23 || version is not (0xFEFD or 0xFEFF) || length > datagram.Length - RecordHeaderLength)
            {
                return false;
            }

            datagram = datagram[(RecordHeaderLength + length)..];
        }

        return true;
    }

    private static nint NewMemoryBio()
    {
        var bio = Interop.Interop.Crypto.BIO_new(Interop.Interop.Crypto.BIO_s_mem());
        if (bio == 0)
        {
            throw OpenSslErrors.Exception("BIO_new(BIO_s_mem)");
        }

        // An empty memory BIO must read as "retry later", not end of file, or OpenSSL treats the peer as gone.
        Interop.Interop.Crypto.BIO_ctrl(bio, Interop.Interop.Crypto.BIO_C_SET_BUF_MEM_EOF_RETURN, new CLong(-1), 0);
        return bio;
    }

    private void Handshake()
    {
        var result = Interop.Interop.Ssl.SSL_do_handshake(_ssl);
        if (result == 1)
        {
            // Check the peer's certificate before our final flight leaves: a peer that does not match the SDP
            // never receives our Finished, so it never believes the connection is up.
            CompleteHandshake();
            if (_state == DtlsSessionState.Connected)
            {
                FlushOutgoing();
            }
            else
            {
                DiscardOutgoing();
            }

            return;
        }

        var error = Interop.Interop.Ssl.SSL_get_error(_ssl, result);
        FlushOutgoing();
        if (error is not (Interop.Interop.Ssl.SSL_ERROR_WANT_READ or Interop.Interop.Ssl.SSL_ERROR_WANT_WRITE))
        {
            Fail($"The DTLS handshake failed ({DescribeError(error)}): {OpenSslErrors.Drain() ?? "no detail from OpenSSL"}.");
        }
    }

    private unsafe void CompleteHandshake()
    {
        using var peer = Interop.Interop.Ssl.SSL_get1_peer_certificate(_ssl);
        if (peer.IsInvalid)
        {
            Fail("The peer presented no certificate.");
            return;
        }

        var length = Interop.Interop.Crypto.i2d_X509(peer, null);
        if (length <= 0)
        {
            Fail(OpenSslErrors.Exception("i2d_X509").Message);
            return;
        }

        var der = new byte[length];
        fixed (byte* start = der)
        {
            var cursor = start;
            Interop.Interop.Crypto.i2d_X509(peer, &cursor);
        }

        RemoteCertificateFingerprint = DtlsFingerprint.Compute(der, _remoteFingerprint.Algorithm);
        if (!_remoteFingerprint.Matches(der))
        {
            Fail($"The peer's certificate fingerprint {RemoteCertificateFingerprint} does not match the SDP's {_remoteFingerprint}.");
            return;
        }

        var selected = Interop.Interop.Ssl.SSL_get_selected_srtp_profile(_ssl);
        if (selected is null)
        {
            Fail("The peer negotiated no SRTP protection profile (use_srtp).");
            return;
        }

        var profile = (DtlsSrtpProfile)(ushort)selected->Id.Value;
        if (!_allowedProfiles.Contains(profile))
        {
            Fail($"The peer selected SRTP protection profile 0x{(uint)selected->Id.Value:X4}, which is not offered.");
            return;
        }

        SrtpKeys = ExportKeys(profile);
        if (SrtpKeys is not null)
        {
            _state = DtlsSessionState.Connected;
        }
    }

    private unsafe DtlsSrtpKeys? ExportKeys(DtlsSrtpProfile profile)
    {
        var keyLength = DtlsSrtpProfiles.MasterKeyLength(profile);
        var saltLength = DtlsSrtpProfiles.MasterSaltLength(profile);
        var material = new byte[2 * (keyLength + saltLength)];
        fixed (byte* output = material)
        fixed (byte* label = ExporterLabel)
        {
            if (Interop.Interop.Ssl.SSL_export_keying_material(_ssl, output, (nuint)material.Length, label, (nuint)ExporterLabel.Length, null, 0, 0) != 1)
            {
                Fail(OpenSslErrors.Exception("SSL_export_keying_material").Message);
                return null;
            }
        }

        // RFC 5764 section 4.2: client key, server key, client salt, server salt.
        var clientKey = material.AsSpan(0, keyLength).ToArray();
        var serverKey = material.AsSpan(keyLength, keyLength).ToArray();
        var clientSalt = material.AsSpan(2 * keyLength, saltLength).ToArray();
        var serverSalt = material.AsSpan((2 * keyLength) + saltLength, saltLength).ToArray();
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(material);
        return Role == DtlsRole.Client
            ? new DtlsSrtpKeys(profile, clientKey, clientSalt, serverKey, serverSalt)
            : new DtlsSrtpKeys(profile, serverKey, serverSalt, clientKey, clientSalt);
    }

    private unsafe void ReadApplicationData()
    {
        // WebRTC audio sends no DTLS application data, but reading lets OpenSSL answer a retransmitted final
        // flight and notice close_notify.
        fixed (byte* scratch = _readScratch)
        {
            while (true)
            {
                var read = Interop.Interop.Ssl.SSL_read(_ssl, scratch, _readScratch.Length);
                if (read > 0)
                {
                    continue;
                }

                var error = Interop.Interop.Ssl.SSL_get_error(_ssl, read);
                if (error is Interop.Interop.Ssl.SSL_ERROR_WANT_READ or Interop.Interop.Ssl.SSL_ERROR_WANT_WRITE)
                {
                    // Typically a retransmitted final flight, answered by resending ours.
                    FlushOutgoing();
                }
                else if (error == Interop.Interop.Ssl.SSL_ERROR_ZERO_RETURN)
                {
                    FlushOutgoing();
                    Interop.Interop.Ssl.SSL_shutdown(_ssl);
                    FlushOutgoing();
                    _state = DtlsSessionState.Closed;
                    SrtpKeys = null;
                }
                else if ((Interop.Interop.Ssl.SSL_get_shutdown(_ssl) & Interop.Interop.Ssl.SSL_RECEIVED_SHUTDOWN) != 0)
                {
                    // OpenSSL marks the shutdown as received only for an alert the peer really sent.
                    FlushOutgoing();
                    Fail($"The peer ended the DTLS connection with an alert: {OpenSslErrors.Drain() ?? "no detail from OpenSSL"}.");
                }
                else
                {
                    // Anything else came from a datagram anyone able to spoof the peer's address could send. The SRTP
                    // keys stay valid without further DTLS records, so the session stays connected, and the alert
                    // OpenSSL may have queued is not sent, or the peer would tear down a working connection.
                    DiscardOutgoing();
                    Interlocked.Increment(ref _discardedDatagrams);
                }

                OpenSslErrors.Clear();
                return;
            }
        }
    }

    private unsafe void FlushOutgoing()
    {
        var pending = (int)Math.Min((ulong)Interop.Interop.Crypto.BIO_ctrl_pending(_writeBio), int.MaxValue);
        if (pending <= 0)
        {
            return;
        }

        if (_outgoing.Length < pending)
        {
            _outgoing = new byte[Math.Max(pending, _outgoing.Length * 2)];
        }

        int total;
        fixed (byte* buffer = _outgoing)
        {
            total = Interop.Interop.Crypto.BIO_read(_writeBio, buffer, pending);
        }

        if (total > 0)
        {
            SendPacked(_outgoing.AsSpan(0, total));
        }
    }

    private unsafe void DiscardOutgoing()
    {
        fixed (byte* buffer = _outgoing)
        {
            while (Interop.Interop.Crypto.BIO_read(_writeBio, buffer, _outgoing.Length) > 0)
            {
            }
        }
    }

    // A memory BIO concatenates every record OpenSSL writes, losing datagram boundaries; records are sized to the
    // MTU already, so packing whole records greedily restores datagrams that fit it.
    private void SendPacked(ReadOnlySpan<byte> records)
    {
        var datagramStart = 0;
        var offset = 0;
        while (offset < records.Length)
        {
            var recordLength = records.Length - offset >= RecordHeaderLength
                ? RecordHeaderLength + BinaryPrimitives.ReadUInt16BigEndian(records[(offset + 11)..])
                : records.Length - offset;
            recordLength = Math.Min(recordLength, records.Length - offset);
            if (offset > datagramStart && offset + recordLength - datagramStart > _maxDatagramSize)
            {
                _send(records[datagramStart..offset]);
                datagramStart = offset;
            }

            offset += recordLength;
        }

        if (offset > datagramStart)
        {
            _send(records[datagramStart..offset]);
        }
    }

    private void Fail(string reason)
    {
        _state = DtlsSessionState.Failed;
        FailureReason = reason;
        SrtpKeys = null;
    }

    private static string DescribeError(int error) => error switch
    {
        Interop.Interop.Ssl.SSL_ERROR_SSL => "protocol error",
        Interop.Interop.Ssl.SSL_ERROR_SYSCALL => "I/O error",
        Interop.Interop.Ssl.SSL_ERROR_ZERO_RETURN => "closed by the peer",
        _ => $"SSL_get_error {error}",
    };
}
