using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Orchestron.WebRtc.Sctp;

/// <summary>
/// One SCTP association (RFC 4960) as WebRTC data channels use it over DTLS (RFC 8261): packets come in through
/// <see cref="HandlePacket"/> and go out through an <see cref="SctpPacketSender"/>; time is given by the caller, so
/// the same code runs over a socket, in memory, or in a test with a hand-turned clock.
/// </summary>
/// <remarks>
/// Not thread-safe: the caller serialises every call. A peer that breaks the protocol gets an ABORT and the
/// association ends through <see cref="ISctpMessageSink.OnTerminated"/>; nothing is thrown for bad input.
/// </remarks>
internal sealed partial class SctpAssociation
{
    /// <summary>The port both ends use unless the SDP's a=sctp-port says otherwise (RFC 8841).</summary>
    internal const ushort DefaultPort = 5000;

    private const int MaxInitRetransmits = 8;
    private const int MaxAssociationRetransmits = 10;
    private const long CookieLifetimeMs = 60_000;
    private const ushort StreamCount = ushort.MaxValue;

    private readonly ISctpMessageSink _sink;
    private readonly SctpPacketSender _output;
    private readonly SctpReceiveQueue _receive;
    private readonly SctpSendQueue _send;
    private readonly SctpRetransmissionTimer _rto = new();
    private readonly SctpPacketBuilder _builder;
    private readonly byte[] _cookieKey = RandomNumberGenerator.GetBytes(32);
    private readonly ushort _localPort;
    private readonly ushort _remotePort;
    private uint _localTag;
    private uint _peerTag;
    private uint _localInitialTsn;
    private bool _peerForwardTsn;
    private bool _sackNeeded;
    private bool _handlingPacket;
    private bool _forwardTsnDue;
    private long _abandonedAtLastForward;
    private long _t1DeadlineMs = long.MaxValue;
    private int _t1Retransmits;
    private long _t3DeadlineMs = long.MaxValue;
    private int _consecutiveTimeouts;

    /// <param name="sink">Receives messages, stream resets and the end of the association.</param>
    /// <param name="output">Sends a finished packet to the peer.</param>
    /// <param name="maxPacketSize">The largest SCTP packet to send, DTLS overhead already subtracted.</param>
    /// <param name="maxMessageSize">The largest message accepted, as announced in the SDP's a=max-message-size.</param>
    /// <param name="localPort">Our SCTP port (a=sctp-port of our SDP).</param>
    /// <param name="remotePort">The peer's SCTP port (a=sctp-port of its SDP).</param>
    internal SctpAssociation(
        ISctpMessageSink sink, SctpPacketSender output, int maxPacketSize, int maxMessageSize,
        ushort localPort = DefaultPort, ushort remotePort = DefaultPort)
    {
        _sink = sink;
        _output = output;
        _builder = new SctpPacketBuilder(maxPacketSize);
        _receive = new SctpReceiveQueue(sink, maxMessageSize);
        _send = new SctpSendQueue(maxPacketSize);
        _localPort = localPort;
        _remotePort = remotePort;
        _localInitialTsn = RandomTsn();
        _localTag = RandomTag();
        MaxMessageSize = maxMessageSize;
    }

    internal SctpAssociationState State { get; private set; }

    /// <summary>Why the association ended, or null while it runs.</summary>
    internal string? TerminationReason { get; private set; }

    internal int MaxMessageSize { get; }

    /// <summary>Packets dropped for a bad checksum, port or verification tag.</summary>
    internal long DiscardedPackets { get; private set; }

    /// <summary>Chunks given up under partial reliability.</summary>
    internal long AbandonedChunks => _send.AbandonedChunks;

    /// <summary>Chunks sent again after a timeout or miss reports.</summary>
    internal long RetransmittedChunks => _send.RetransmittedChunks;

    /// <summary>Bytes a single message may still take in the send queue.</summary>
    internal int SendCapacity => _send.FreeBytes;

    /// <summary>The send side's state in words, for diagnostics.</summary>
    internal string DescribeSendState() =>
        $"next TSN {_send.NextTsn}, cumulative ack {_send.CumulativeAck}, in flight {_send.HasInFlight}, sendable {_send.HasSendable}, "
        + $"empty {_send.IsEmpty}, T3 {(_t3DeadlineMs == long.MaxValue ? "off" : _t3DeadlineMs.ToString(System.Globalization.CultureInfo.InvariantCulture))}, RTO {_rto.RtoMs} ms, "
        + $"timeouts {_consecutiveTimeouts}, {_send.Describe()}";

    /// <summary>The current retransmission timeout.</summary>
    internal int RetransmissionTimeoutMs => _rto.RtoMs;

    /// <summary>Starts the association from our side with an INIT (the other side answers statelessly).</summary>
    internal void Connect(long nowMs)
    {
        if (State != SctpAssociationState.Closed)
        {
            return;
        }

        State = SctpAssociationState.CookieWait;
        SendInit();
        _t1DeadlineMs = nowMs + _rto.RtoMs;
    }

    /// <summary>Queues one message and sends what the windows allow; false when it does not fit the send queue now.</summary>
    /// <exception cref="ArgumentException">The message is larger than <see cref="MaxMessageSize"/>.</exception>
    internal bool Send(ushort stream, uint ppid, ReadOnlySpan<byte> message, SctpReliability reliability, long nowMs)
    {
        if (message.Length > MaxMessageSize)
        {
            throw new ArgumentException($"The message has {message.Length} bytes; the maximum is {MaxMessageSize}.", nameof(message));
        }

        if (State != SctpAssociationState.Established || !_send.Enqueue(stream, ppid, message, reliability, nowMs))
        {
            return false;
        }

        // Replies sent while a packet is being handled leave bundled, with its SACK, when the handling ends.
        if (!_handlingPacket)
        {
            Flush(nowMs);
        }

        return true;
    }

    /// <summary>Runs the T1 (handshake), T3 (retransmission) and reconfiguration timers.</summary>
    internal void OnTimer(long nowMs)
    {
        if (State == SctpAssociationState.Terminated)
        {
            return;
        }

        if (nowMs >= _t1DeadlineMs)
        {
            OnHandshakeTimeout(nowMs);
        }

        if (nowMs >= _t3DeadlineMs)
        {
            OnRetransmissionTimeout(nowMs);
        }

        if (nowMs >= _reconfigDeadlineMs)
        {
            _reconfigDeadlineMs = long.MaxValue;
            _requestDue = _requestInFlight;
        }

        Flush(nowMs);
    }

    /// <summary>Starts a graceful close (SHUTDOWN); the association ends when the peer acknowledges it.</summary>
    internal void Shutdown(long nowMs)
    {
        if (State != SctpAssociationState.Established)
        {
            return;
        }

        State = SctpAssociationState.ShutdownSent;
        _builder.Begin(_localPort, _remotePort, _peerTag);
        BinaryPrimitives.WriteUInt32BigEndian(_builder.Append(SctpChunkType.Shutdown, 0, 4), _receive.CumulativeTsn);
        _output(_builder.Finish());
        _t3DeadlineMs = nowMs + _rto.RtoMs;
    }

    /// <summary>Ends the association at once with an ABORT carrying <paramref name="reason"/>.</summary>
    internal void Abort(string reason)
    {
        if (State == SctpAssociationState.Terminated)
        {
            return;
        }

        if (State != SctpAssociationState.Closed)
        {
            SendAbort(UserInitiatedAbort, reason);
        }

        Terminate(reason);
    }

    private void Flush(long nowMs)
    {
        if (State is SctpAssociationState.Terminated or SctpAssociationState.Closed or SctpAssociationState.CookieWait)
        {
            return;
        }

        var canSendData = State is SctpAssociationState.Established;
        while (true)
        {
            _builder.Begin(_localPort, _remotePort, _peerTag);
            if (_sackNeeded && _builder.Fits(_receive.SackValueLength))
            {
                _receive.WriteSack(_builder.Append(SctpChunkType.Sack, 0, _receive.SackValueLength));
                _sackNeeded = false;
            }

            if (ForwardTsnWanted() && _builder.Fits(SctpSendQueue.MaxForwardTsnValueLength))
            {
                _send.WriteForwardTsn(_builder);
                _abandonedAtLastForward = _send.AbandonedChunks;
            }

            _forwardTsnDue = false;
            var wroteData = canSendData && _send.HasSendable && _send.WriteChunks(_builder, nowMs);

            // After the DATA: a stream reset names the last TSN sent before it, which the peer must have first.
            WriteReconfig(nowMs);
            if (!_builder.HasChunks)
            {
                break;
            }

            _output(_builder.Finish());
            if ((wroteData || _send.NeedsForwardTsn) && _t3DeadlineMs == long.MaxValue)
            {
                _t3DeadlineMs = nowMs + _rto.RtoMs;
            }

            // Writing may have abandoned expired messages, which a FORWARD-TSN in the next packet announces.
            if (!ForwardTsnWanted() && (!wroteData || !_send.HasSendable))
            {
                break;
            }
        }
    }

    // RFC 3758 section 3.5: after a SACK, on T3 expiry, and whenever more chunks were abandoned.
    private bool ForwardTsnWanted() =>
        _peerForwardTsn && _send.NeedsForwardTsn && (_forwardTsnDue || _send.AbandonedChunks != _abandonedAtLastForward);

    private void OnRetransmissionTimeout(long nowMs)
    {
        _t3DeadlineMs = long.MaxValue;
        if (State == SctpAssociationState.ShutdownSent)
        {
            // The SHUTDOWN went unanswered; the peer is gone or ignores it, and the association ends either way.
            Terminate("the peer did not acknowledge SHUTDOWN");
            return;
        }

        if (!_send.HasInFlight && !_send.NeedsForwardTsn)
        {
            return;
        }

        if (++_consecutiveTimeouts > MaxAssociationRetransmits)
        {
            Abort($"the peer acknowledged nothing through {MaxAssociationRetransmits} retransmission timeouts");
            return;
        }

        _send.OnRetransmissionTimeout(nowMs);
        _rto.BackOff();
        _forwardTsnDue = true;
    }

    private void Terminate(string reason)
    {
        if (State == SctpAssociationState.Terminated)
        {
            return;
        }

        State = SctpAssociationState.Terminated;
        TerminationReason = reason;
        _t1DeadlineMs = _t3DeadlineMs = _reconfigDeadlineMs = long.MaxValue;
        _sink.OnTerminated(reason);
    }

    private const ushort UserInitiatedAbort = 12;
    private const ushort ProtocolViolation = 13;

    private void SendAbort(ushort cause, string reason)
    {
        Span<byte> info = stackalloc byte[128];
        var length = Encoding.ASCII.GetBytes(reason.AsSpan(0, Math.Min(reason.Length, info.Length)), info);
        _builder.Begin(_localPort, _remotePort, _peerTag);
        var value = _builder.Append(SctpChunkType.Abort, 0, 4 + length);
        BinaryPrimitives.WriteUInt16BigEndian(value, cause);
        BinaryPrimitives.WriteUInt16BigEndian(value[2..], (ushort)(4 + length));
        info[..length].CopyTo(value[4..]);
        _output(_builder.Finish());
    }

    private void Violation(string reason)
    {
        if (State == SctpAssociationState.Terminated)
        {
            return;
        }

        SendAbort(ProtocolViolation, reason);
        Terminate("protocol violation: " + reason);
    }

    private static uint RandomTag()
    {
        uint tag;
        do
        {
            tag = (uint)RandomNumberGenerator.GetInt32(int.MinValue, int.MaxValue);
        }
        while (tag == 0);
        return tag;
    }

    private static uint RandomTsn() => (uint)RandomNumberGenerator.GetInt32(int.MinValue, int.MaxValue);
}
