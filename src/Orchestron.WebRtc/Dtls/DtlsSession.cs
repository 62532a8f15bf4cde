using Orchestron.WebRtc.Dtls.OpenSsl;
using Orchestron.WebRtc.Srtp;

namespace Orchestron.WebRtc.Dtls;

/// <summary>
/// One listener's DTLS 1.2 association: datagrams from the peer go in through <see cref="ProcessDatagram"/>,
/// handshake flights come out through the <see cref="DtlsDatagramSender"/>, and when the handshake is done and the
/// peer's certificate matches the SDP fingerprint, <see cref="SrtpKeys"/> holds the RFC 5764 keys.
/// </summary>
/// <remarks>
/// Thread-safe: one lock serialises the receive loop, the retransmission timer and <see cref="Close"/>.
/// Malformed input never throws; it fails the session with a reason instead.
/// </remarks>
public sealed partial class DtlsSession : IDisposable
{
    private readonly Lock _gate = new();
    private readonly OpenSslDtlsConnection _connection;
    private readonly DtlsDatagramSender _send;
    private readonly DtlsFingerprint _remoteFingerprint;
    private readonly int _maxDatagramSize;
    private readonly HashSet<SrtpProtectionProfile> _allowedProfiles;
    private byte[] _outgoing = new byte[4096];
    private DtlsSessionState _state;
    private long _discardedDatagrams;
    private int _minimumProtectedRecord;
    private bool _readingStopped;
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
        try
        {
            _connection = new OpenSslDtlsConnection(context.Native, role == DtlsRole.Client, _maxDatagramSize);
        }
        catch (OpenSslException e)
        {
            throw new DtlsException(e.Message, e);
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
            // (an unknown content type, an encrypted record too short to carry its tag) as fatal, letting anyone who
            // can spoof the peer's address end the session. Once OpenSSL has stopped reading, nothing is fed to it.
            if (!DtlsRecordFraming.HasValidRecordFraming(datagram) || _readingStopped
                || DtlsProtectedRecordLength.HasTooShortProtectedRecord(datagram, _minimumProtectedRecord))
            {
                Interlocked.Increment(ref _discardedDatagrams);
                return _state;
            }

            if (_state == DtlsSessionState.New)
            {
                _state = DtlsSessionState.Connecting;
            }

            OpenSslErrors.Clear();
            if (!_connection.WriteIncoming(datagram))
            {
                Fail(OpenSslErrors.Describe("BIO_write"));
                return _state;
            }

            if (_state == DtlsSessionState.Connecting)
            {
                Handshake();
            }
            else
            {
                ReadAfterHandshake();
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
            return _disposed || _state != DtlsSessionState.Connecting ? null : _connection.GetTimeout();
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
            var peerStillExpected = _connection.HandleTimeout();
            FlushOutgoing();
            if (!peerStillExpected)
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
                _connection.Shutdown();
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
            _connection.Dispose();
        }
    }

    private void FlushOutgoing()
    {
        var pending = _connection.PendingOutgoing;
        if (pending <= 0)
        {
            return;
        }

        if (_outgoing.Length < pending)
        {
            _outgoing = new byte[Math.Max(pending, _outgoing.Length * 2)];
        }

        var total = _connection.ReadOutgoing(_outgoing.AsSpan(0, pending));
        if (total > 0)
        {
            DtlsDatagramPacker.Send(_outgoing.AsSpan(0, total), _maxDatagramSize, _send);
        }
    }

    private void Fail(string reason)
    {
        _state = DtlsSessionState.Failed;
        FailureReason = reason;
        SrtpKeys = null;
    }
}
