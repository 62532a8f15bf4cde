// Over 400 lines: one peer's ICE, DTLS, SRTP and RTCP state, changed by every path under one lock and read by the send path; split, its invariants would span files.
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Orchestron.WebRtc.DataChannels;
using Orchestron.WebRtc.Dtls;
using Orchestron.WebRtc.Ice;
using Orchestron.WebRtc.Rtp;
using Orchestron.WebRtc.Srtp;
using Orchestron.WebRtc.Transport;

namespace Orchestron.WebRtc;

/// <summary>
/// One browser (or other peer) listening to a session: the state of its connection (ICE-lite agent, DTLS
/// session, SRTP keys, statistics), and the last step of the media path, which protects a packet with those keys
/// and hands it to the transport.
/// </summary>
/// <remarks>
/// <para>
/// The transport knows it only as an <see cref="IMediaEndpoint"/>; the sender that owns it learns of its state
/// changes through <see cref="StateChanged"/>, raised after the listener's locks are released, so the owner may
/// close it from the handler. Nothing here calls the sender.
/// </para>
/// <para>
/// Media, RTCP and DTLS go only to the path that answered the listener's own authenticated Binding request
/// (<see cref="IcePathValidator"/>): a nomination moves nothing until the nominated address proves it wants the
/// stream; consent (RFC 7675) is then kept by the peer's authenticated checks on that path.
/// </para>
/// <para>
/// Three threads meet here. The transport's receive thread feeds STUN, DTLS and RTCP under <see cref="_gate"/>;
/// its timer thread runs timers under the same lock. The pacer's thread sends media and sender reports under
/// <see cref="_sendGate"/> only, so a slow handshake on one listener never delays the media of another. The SRTP
/// session is created under <see cref="_gate"/> and published to the pacer by a volatile write.
/// </para>
/// </remarks>
internal sealed class WebRtcListener : IMediaEndpoint
{
    private const int MaxDatagram = 1500;
    private const byte RtcpPayloadTypeMin = 192;
    private const byte RtcpPayloadTypeMax = 223;

    // Room for a DTLS record's header, explicit IV or nonce, MAC or tag and padding around an SCTP packet.
    private const int DtlsRecordOverhead = 80;

    private readonly UdpMediaTransport _transport;
    private readonly IceLiteAgent _ice;
    private readonly IcePathValidator _paths;
    private readonly DtlsSession _dtls;
    private readonly DataChannelSession? _dataChannels;
    private readonly RtcpReceptionStatistics _reception = new();
    private readonly Lock _gate = new();
    private readonly Lock _sendGate = new();
    private readonly byte[] _stunResponse = new byte[512];
    private readonly byte[] _stunRequest = new byte[IcePathValidator.MaxRequestLength];
    private readonly byte[] _earlyDtls = new byte[MaxDatagram];
    private readonly byte[] _outbound = new byte[MaxDatagram];
    private readonly byte[] _inbound = new byte[MaxDatagram];
    private readonly long _connectDeadline;
    private readonly byte _payloadType;
    private readonly uint _mediaSsrc;
    private readonly ListenerRedundancy? _redundancy;

    private volatile SrtpSession? _srtp;
    private volatile SocketAddress? _remoteAddress;
    private IPEndPoint? _remoteEndPoint;
    private int _earlyDtlsLength;
    private int _state = (int)WebRtcListenerState.New;
    private string? _failureReason;
    private long _packetsSent;
    private long _octetsSent;
    private long _redundantBlocksSent;
    private long _redundantOctetsSent;

    /// <summary>Creates a listener in state <see cref="WebRtcListenerState.New"/>, waiting for the peer's first check.</summary>
    /// <param name="transport">The socket media and handshakes go out on; the caller registers the listener there.</param>
    /// <param name="mediaSsrc">The SSRC of the stream sent to this listener, which its receiver reports are about.</param>
    /// <param name="localCredentials">The ICE credentials of the answer.</param>
    /// <param name="remoteUfrag">The peer's ICE username fragment, from its offer.</param>
    /// <param name="remotePassword">The peer's ICE password, from its offer: our path probes and consent checks carry it.</param>
    /// <param name="role">This side's DTLS role, from the offer's <c>a=setup</c>.</param>
    /// <param name="remoteFingerprint">The certificate fingerprint the peer's offer announced.</param>
    /// <param name="payloadType">The Opus payload type the peer's offer chose.</param>
    /// <param name="redundancy">The RED payload type and distance the answer picked, or null for plain Opus.</param>
    /// <param name="remoteSctpPort">The peer's a=sctp-port when the answer accepted data channels; null otherwise.</param>
    internal WebRtcListener(
        UdpMediaTransport transport,
        uint mediaSsrc,
        IceCredentials localCredentials,
        string remoteUfrag,
        string remotePassword,
        DtlsRole role,
        DtlsFingerprint remoteFingerprint,
        byte payloadType,
        ListenerRedundancy? redundancy = null,
        int? remoteSctpPort = null)
    {
        _redundancy = redundancy;
        _transport = transport;
        _mediaSsrc = mediaSsrc;
        _payloadType = payloadType;
        Id = RandomNumberGenerator.GetHexString(32, lowercase: true);
        LocalUfrag = localCredentials.Ufrag;
        _ice = new IceLiteAgent(localCredentials, remoteUfrag, new IceLiteAgentOptions { ConsentTimeout = transport.Options.ConsentTimeout });
        _paths = new IcePathValidator(LocalUfrag, remoteUfrag, remotePassword, transport.Options.ConsentTimeout, Environment.TickCount64);
        _dtls = new DtlsSession(transport.DtlsContext, role, remoteFingerprint, SendDtls);
        if (remoteSctpPort is { } sctpPort)
        {
            _dataChannels = new DataChannelSession(
                role,
                packet => _dtls.SendApplicationData(packet),
                transport.DtlsContext.Options.MaxDatagramSize - DtlsRecordOverhead,
                (ushort)sctpPort,
                transport.LoggerFactory.CreateLogger<DataChannelSession>());
            _dtls.ApplicationDataReceiver = _dataChannels.HandlePacket;
            _dataChannels.ChannelOpened += channel => DataChannelOpened?.Invoke(this, channel);
        }
        _connectDeadline = Environment.TickCount64 + (long)transport.Options.ConnectTimeout.TotalMilliseconds;
    }

    /// <summary>
    /// Raised on the transport's threads when the connection state changes, with no lock of the listener held.
    /// </summary>
    internal event EventHandler<WebRtcListenerStateChangedEventArgs>? StateChanged;

    /// <summary>Raised on the transport's receive thread when the peer opens a data channel, before its first message.</summary>
    internal event Action<WebRtcListener, WebRtcDataChannel>? DataChannelOpened;

    /// <summary>The connection's data channels, or null when the answer accepted none.</summary>
    internal DataChannelSession? DataChannels => _dataChannels;

    /// <summary>128 random bits, hex: unguessable, so it can name a public resource.</summary>
    internal string Id { get; }

    internal string LocalUfrag { get; }

    internal WebRtcListenerState State => (WebRtcListenerState)Volatile.Read(ref _state);

    internal bool IsTerminal => State is WebRtcListenerState.Failed or WebRtcListenerState.Closed;

    /// <summary>Handles one datagram the demultiplexer routed here; runs on the transport's receive thread.</summary>
    void IMediaEndpoint.OnDatagram(Span<byte> datagram, IPEndPoint remote)
    {
        WebRtcListenerStateChangedEventArgs? change;
        lock (_gate)
        {
            if (IsTerminal)
            {
                return;
            }

            change = DatagramClassifier.Classify(datagram) switch
            {
                DatagramKind.Stun => OnStun(datagram, remote),
                DatagramKind.Dtls => OnDtls(datagram, remote),
                DatagramKind.Rtp => OnRtcp(datagram),
                _ => null,
            };
        }

        Report(change);
    }

    /// <summary>Runs the listener's timers; called on the transport's timer thread.</summary>
    void IMediaEndpoint.OnTimer()
    {
        WebRtcListenerStateChangedEventArgs? change;
        lock (_gate)
        {
            change = IsTerminal ? null : RunTimers();
        }

        Report(change);
    }

    /// <summary>
    /// Protects and sends one RTP packet, as RFC 2198 redundancy over the packets in <paramref name="history"/> when
    /// the listener's answer picked RED; runs on the pacer's thread and never allocates.
    /// </summary>
    /// <param name="rtpPacket">The session's packet: a 12-byte header and the Opus payload.</param>
    /// <param name="payloadLength">The Opus payload's length.</param>
    /// <param name="history">The packets sent before this one, repeated as redundant blocks.</param>
    internal void SendMedia(ReadOnlySpan<byte> rtpPacket, int payloadLength, EncodedPacketHistory history)
    {
        if (State != WebRtcListenerState.Connected)
        {
            return;
        }

        lock (_sendGate)
        {
            var srtp = _srtp;
            var address = _remoteAddress;
            if (srtp is null || address is null || rtpPacket.Length + srtp.Outbound.RtpOverhead > _outbound.Length)
            {
                return;
            }

            var sentPayload = payloadLength;
            var redundantBlocks = 0;
            if (_redundancy is { } red)
            {
                sentPayload = WriteRedPacket(rtpPacket, payloadLength, history, red, srtp.Outbound.RtpOverhead, out redundantBlocks);
                if (sentPayload < 0)
                {
                    return;
                }
            }
            else
            {
                rtpPacket.CopyTo(_outbound);
                _outbound[1] = (byte)((rtpPacket[1] & 0x80) | _payloadType);
            }

            var plainLength = RtpHeader.Length + sentPayload;
            var length = srtp.Protect(_outbound, plainLength);
            if (_transport.SendTo(_outbound.AsSpan(0, length), address))
            {
                _packetsSent++;
                _octetsSent += sentPayload;
                _redundantBlocksSent += redundantBlocks;
                _redundantOctetsSent += sentPayload - payloadLength - (_redundancy is null ? 0 : RedPacketWriter.PrimaryHeaderLength);
            }
        }
    }

    /// <summary>
    /// Writes the session's packet into <see cref="_outbound"/> as RED: its header with the RED payload type, then
    /// the earlier packets as redundant blocks and its own Opus payload as the primary block (RFC 2198).
    /// </summary>
    /// <returns>The RED payload's length, or -1 when it does not fit.</returns>
    private int WriteRedPacket(
        ReadOnlySpan<byte> rtpPacket, int payloadLength, EncodedPacketHistory history, ListenerRedundancy red, int srtpOverhead, out int redundantBlocks)
    {
        rtpPacket[..RtpHeader.Length].CopyTo(_outbound);
        _outbound[1] = (byte)((rtpPacket[1] & 0x80) | red.PayloadType);
        return RedPacketWriter.Write(
            _outbound.AsSpan(RtpHeader.Length, _outbound.Length - RtpHeader.Length - srtpOverhead),
            _payloadType,
            rtpPacket.Slice(RtpHeader.Length, payloadLength),
            BinaryPrimitives.ReadUInt32BigEndian(rtpPacket[4..]),
            history,
            red.Distance,
            out redundantBlocks);
    }

    /// <summary>Protects and sends one RTCP compound packet (sender report, BYE); runs on the pacer's thread.</summary>
    internal void SendRtcp(ReadOnlySpan<byte> compound)
    {
        if (State != WebRtcListenerState.Connected)
        {
            return;
        }

        lock (_sendGate)
        {
            SendRtcpLocked(compound);
        }
    }

    /// <summary>Closes the listener: the BYE compound if media flowed, DTLS close_notify, and no more sending.</summary>
    internal WebRtcListenerStateChangedEventArgs? Close(string reason, ReadOnlySpan<byte> goodbye)
    {
        WebRtcListenerStateChangedEventArgs? change;
        lock (_gate)
        {
            var wasConnected = State == WebRtcListenerState.Connected;
            change = IsTerminal ? null : SetState(WebRtcListenerState.Closed, reason);
            lock (_sendGate)
            {
                if (wasConnected)
                {
                    SendRtcpLocked(goodbye);
                }

                _srtp?.Dispose();
                _srtp = null;
            }

            if (_dataChannels is not null)
            {
                // The association ends with an ABORT while DTLS can still carry it; every channel closes.
                lock (_dataChannels.Gate)
                {
                    _dataChannels.Close(reason);
                }
            }

            if (_dtls.State == DtlsSessionState.Connected)
            {
                _dtls.Close();
            }

            _dtls.Dispose();
        }

        return change;
    }

    internal WebRtcListenerStatistics GetStatistics()
    {
        lock (_sendGate)
        {
            return new WebRtcListenerStatistics(
                Id,
                State,
                Volatile.Read(ref _failureReason),
                Volatile.Read(ref _remoteEndPoint),
                _srtp?.Profile.ToString(),
                _packetsSent,
                _octetsSent,
                _redundancy?.Distance ?? 0,
                _redundantBlocksSent,
                _redundantOctetsSent,
                _ice.AcceptedChecks,
                _ice.RejectedChecks,
                _reception.Snapshot);
        }
    }

    private WebRtcListenerStateChangedEventArgs? RunTimers()
    {
        var now = Environment.TickCount64;
        SendDueRequests(now);
        if (_paths.IsConsentExpired(now))
        {
            return Fail($"consent lost: no valid connectivity check for {_transport.Options.ConsentTimeout.TotalSeconds:0} s");
        }

        if (State != WebRtcListenerState.Connected && Environment.TickCount64 > _connectDeadline)
        {
            return Fail($"not connected within {_transport.Options.ConnectTimeout.TotalSeconds:0} s (ICE or DTLS did not complete)");
        }

        if (_dtls.GetRetransmissionTimeout() is { } timeout && timeout <= TimeSpan.Zero)
        {
            return OnDtlsState(_dtls.HandleTimeout());
        }

        _dataChannels?.OnTimer(now);
        return null;
    }

    private void Report(WebRtcListenerStateChangedEventArgs? change)
    {
        if (change is not null)
        {
            StateChanged?.Invoke(this, change);
        }
    }

    private WebRtcListenerStateChangedEventArgs? OnStun(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        var outcome = _ice.ProcessBindingRequest(datagram, remote, _stunResponse, out var responseLength);
        if (outcome == IceCheckOutcome.NotBindingRequest)
        {
            return OnStunResponse(datagram, remote);
        }

        // An address another live listener holds is not answered: the check may be valid for this listener,
        // but it must not take that listener's path.
        if (outcome != IceCheckOutcome.Accepted || !_transport.BindEndPoint(remote, this))
        {
            return null;
        }

        _transport.SendTo(_stunResponse.AsSpan(0, responseLength), remote);

        // The peer's nomination only names a candidate: media moves there once it answers our own probe.
        var now = Environment.TickCount64;
        _paths.OnAuthenticCheck(remote, now);
        if (_ice.SelectedRemoteEndPoint is { } nominated && _paths.Propose(nominated, now))
        {
            SendDueRequests(now);
        }

        return State == WebRtcListenerState.New ? SetState(WebRtcListenerState.Connecting, null) : null;
    }

    private WebRtcListenerStateChangedEventArgs? OnStunResponse(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        if (_paths.ProcessResponse(datagram, remote, Environment.TickCount64) != IcePathResponse.PathConfirmed
            || _paths.ConfirmedPath is not { } confirmed)
        {
            return null;
        }

        Volatile.Write(ref _remoteEndPoint, confirmed);
        _remoteAddress = confirmed.Serialize();
        if (_dtls.State != DtlsSessionState.New || State != WebRtcListenerState.Connecting)
        {
            return null;
        }

        if (_dtls.Role == DtlsRole.Client)
        {
            return OnDtlsState(_dtls.Start());
        }

        // The peer's ClientHello may have overtaken its answer to our probe; it is replayed rather than waited for.
        if (_earlyDtlsLength > 0)
        {
            var length = _earlyDtlsLength;
            _earlyDtlsLength = 0;
            return OnDtls(_earlyDtls.AsSpan(0, length), confirmed);
        }

        return null;
    }

    private void SendDueRequests(long now)
    {
        while (_paths.TryWriteDueRequest(now, _stunRequest, out var length, out var target))
        {
            _transport.SendTo(_stunRequest.AsSpan(0, length), target!);
        }
    }

    private WebRtcListenerStateChangedEventArgs? OnDtls(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        // DTLS only with a path that has answered our probe: a handshake flight is larger than what provoked it,
        // and an unconfirmed address may belong to someone who never asked.
        if (_remoteEndPoint is null || !remote.Equals(_remoteEndPoint))
        {
            if (remote.Equals(_paths.PendingPath) && _remoteEndPoint is null && datagram.Length <= _earlyDtls.Length)
            {
                datagram.CopyTo(_earlyDtls);
                _earlyDtlsLength = datagram.Length;
            }

            return null;
        }

        if (_dtls.State == DtlsSessionState.New)
        {
            _dtls.Start();
        }

        if (_dataChannels is null)
        {
            return OnDtlsState(_dtls.ProcessDatagram(datagram));
        }

        // SCTP packets inside are handled under the data channels' lock, which is always taken before the DTLS
        // session's: a send from another thread takes them in that order too.
        DtlsSessionState state;
        lock (_dataChannels.Gate)
        {
            state = _dtls.ProcessDatagram(datagram);
        }

        return OnDtlsState(state);
    }

    private WebRtcListenerStateChangedEventArgs? OnRtcp(Span<byte> datagram)
    {
        var srtp = _srtp;
        if (srtp is null || datagram.Length < 8 || datagram.Length > _inbound.Length
            || datagram[1] < RtcpPayloadTypeMin || datagram[1] > RtcpPayloadTypeMax)
        {
            return null;
        }

        datagram.CopyTo(_inbound);
        if (srtp.UnprotectRtcp(_inbound, datagram.Length, out var plainLength) == SrtpUnprotectResult.Success)
        {
            RtcpReceiverReportProcessor.Process(
                _inbound.AsSpan(0, plainLength), _mediaSsrc, NtpTimestamp.FromDateTime(DateTime.UtcNow), _reception);
        }

        return null;
    }

    private WebRtcListenerStateChangedEventArgs? OnDtlsState(DtlsSessionState state)
    {
        switch (state)
        {
            case DtlsSessionState.Connected when _srtp is null:
                var keys = _dtls.SrtpKeys ?? throw new InvalidOperationException("DTLS connected without SRTP keys.");
                _srtp = new SrtpSession(
                    keys.Profile,
                    keys.LocalMasterKey,
                    keys.LocalMasterSalt,
                    keys.RemoteMasterKey,
                    keys.RemoteMasterSalt);
                return SetState(WebRtcListenerState.Connected, null);
            case DtlsSessionState.Failed:
                return Fail("DTLS failed: " + (_dtls.FailureReason ?? "unknown reason"));
            case DtlsSessionState.Closed:
                return Stop(WebRtcListenerState.Closed, "the peer closed the connection");
            default:
                return null;
        }
    }

    private WebRtcListenerStateChangedEventArgs Fail(string reason) => Stop(WebRtcListenerState.Failed, reason);

    /// <summary>Ends media at once; the owner, told by <see cref="StateChanged"/>, then removes the listener and frees the rest.</summary>
    private WebRtcListenerStateChangedEventArgs Stop(WebRtcListenerState terminal, string reason)
    {
        lock (_sendGate)
        {
            _srtp?.Dispose();
            _srtp = null;
        }

        return SetState(terminal, reason);
    }

    private WebRtcListenerStateChangedEventArgs SetState(WebRtcListenerState next, string? reason)
    {
        var previous = (WebRtcListenerState)Interlocked.Exchange(ref _state, (int)next);
        if (reason is not null)
        {
            Volatile.Write(ref _failureReason, reason);
        }

        return new WebRtcListenerStateChangedEventArgs(Id, previous, next, reason);
    }

    private void SendRtcpLocked(ReadOnlySpan<byte> compound)
    {
        var srtp = _srtp;
        var address = _remoteAddress;
        if (srtp is null || address is null || compound.Length + srtp.Outbound.RtcpOverhead > _outbound.Length)
        {
            return;
        }

        compound.CopyTo(_outbound);
        var length = srtp.ProtectRtcp(_outbound, compound.Length);
        _transport.SendTo(_outbound.AsSpan(0, length), address);
    }

    private void SendDtls(ReadOnlySpan<byte> datagram)
    {
        if (_remoteAddress is { } address)
        {
            _transport.SendTo(datagram, address);
        }
    }
}
