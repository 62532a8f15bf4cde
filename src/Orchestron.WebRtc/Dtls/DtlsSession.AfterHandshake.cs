using Orchestron.WebRtc.Dtls.OpenSsl;

namespace Orchestron.WebRtc.Dtls;

/// <summary>Records after the handshake: retransmitted flights, close_notify, alerts, and spoofed datagrams.</summary>
public sealed partial class DtlsSession
{
    private void ReadAfterHandshake()
    {
        // Application data is SCTP (RFC 8261) when data channels were negotiated, and is dropped otherwise;
        // reading also lets OpenSSL answer a retransmitted final flight and notice close_notify.
        var result = DrainApplicationData();
        switch (result)
        {
            case OpenSslIoResult.WantMore or OpenSslIoResult.Done:
                // Typically a retransmitted final flight, answered by resending ours.
                FlushOutgoing();
                break;
            case OpenSslIoResult.Closed:
                FlushOutgoing();
                _connection.Shutdown();
                FlushOutgoing();
                _state = DtlsSessionState.Closed;
                SrtpKeys = null;
                break;
            case OpenSslIoResult.Failed when _connection.ReceivedShutdown:
                // OpenSSL marks the shutdown as received only for an alert the peer really sent.
                FlushOutgoing();
                Fail($"The peer ended the DTLS connection with an alert: {OpenSslErrors.Drain() ?? "no detail from OpenSSL"}.");
                break;
            default:
                // Anything else came from a datagram anyone able to spoof the peer's address could send. The SRTP
                // keys stay valid without further DTLS records, so the session stays connected, and the alert
                // OpenSSL may have queued is not sent, or the peer would tear down a working connection.
                _connection.DiscardOutgoing();
                Interlocked.Increment(ref _discardedDatagrams);

                // Should OpenSSL have taken the error as fatal after all, it reads nothing more: stop feeding it, or
                // every later datagram would pile up in its read buffer at the sender's rate. Consent ends the
                // listener then, as for a peer that went away.
                _readingStopped = !_connection.IsHandshakeFinished;
                break;
        }

        OpenSslErrors.Clear();
    }

    /// <summary>Hands every application data record to <see cref="ApplicationDataReceiver"/> (or drops it) until OpenSSL wants more.</summary>
    private OpenSslIoResult DrainApplicationData()
    {
        while (true)
        {
            var result = _connection.ReadApplicationData(out var plaintext, out _);
            if (result != OpenSslIoResult.Done)
            {
                return result;
            }

            ApplicationDataReceiver?.Invoke(plaintext);
        }
    }

    /// <summary>Where application data records go (SCTP packets for data channels); null drops them.</summary>
    /// <remarks>Called with the session's lock held; it may call <see cref="SendApplicationData"/>.</remarks>
    internal DtlsApplicationDataReceiver? ApplicationDataReceiver { get; set; }

    /// <summary>Sends <paramref name="data"/> as one application data record; false unless the session is connected.</summary>
    internal bool SendApplicationData(ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            if (_disposed || _state != DtlsSessionState.Connected || data.IsEmpty)
            {
                return false;
            }

            OpenSslErrors.Clear();
            var written = _connection.WriteApplicationData(data);
            OpenSslErrors.Clear();
            FlushOutgoing();
            return written;
        }
    }
}
