namespace Orchestron.WebRtc.Sctp;

/// <summary>The four-way handshake (RFC 4960 section 5.1): INIT, INIT-ACK with a signed cookie, COOKIE-ECHO, COOKIE-ACK.</summary>
internal sealed partial class SctpAssociation
{
    private void SendInit()
    {
        var init = LocalInit(_localTag, _localInitialTsn);
        _builder.Begin(_localPort, _remotePort, 0);
        init.Write(_builder.Append(SctpChunkType.Init, 0, SctpInitChunk.ValueLength(0)), []);
        _output(_builder.Finish());
    }

    private SctpInitChunk LocalInit(uint tag, uint initialTsn) => new()
    {
        InitiateTag = tag,
        AdvertisedReceiverWindow = _receive.AdvertisedWindow,
        OutboundStreams = StreamCount,
        InboundStreams = StreamCount,
        InitialTsn = initialTsn,
    };

    // Answered without keeping state: everything the association needs goes into the signed cookie.
    private void OnInit(ReadOnlySpan<byte> value, long nowMs)
    {
        if (!SctpInitChunk.TryParse(value, out var peerInit, out _))
        {
            DiscardedPackets++;
            return;
        }

        // Before an association exists a fresh tag answers each INIT; during our own INIT (a collision, section
        // 5.2.1) or once established, the tag we already have.
        var fresh = State == SctpAssociationState.Closed;
        var tag = fresh ? RandomTag() : _localTag;
        var initialTsn = fresh ? RandomTsn() : _localInitialTsn;
        Span<byte> cookie = stackalloc byte[SctpStateCookie.Length];
        SctpStateCookie.Write(cookie, _cookieKey, peerInit, tag, initialTsn, nowMs);
        _builder.Begin(_localPort, _remotePort, peerInit.InitiateTag);
        LocalInit(tag, initialTsn).Write(_builder.Append(SctpChunkType.InitAck, 0, SctpInitChunk.ValueLength(cookie.Length)), cookie);
        _output(_builder.Finish());
    }

    private void OnInitAck(ReadOnlySpan<byte> value, long nowMs)
    {
        if (State != SctpAssociationState.CookieWait)
        {
            return;
        }

        if (!SctpInitChunk.TryParse(value, out var peerInit, out var parameters)
            || !SctpParameter.TryFind(parameters, SctpParameter.StateCookie, out var cookie)
            || cookie.Length > _builder.MaxPacketSize - 32)
        {
            Violation("the INIT-ACK is malformed or carries no usable state cookie");
            return;
        }

        Begin(peerInit);
        State = SctpAssociationState.CookieEchoed;
        _cookieEchoLength = cookie.Length;
        if (_cookieEchoBuffer.Length < cookie.Length)
        {
            _cookieEchoBuffer = new byte[cookie.Length];
        }

        cookie.CopyTo(_cookieEchoBuffer);
        SendCookieEcho();
        _t1Retransmits = 0;
        _t1DeadlineMs = nowMs + _rto.RtoMs;
    }

    private byte[] _cookieEchoBuffer = [];
    private int _cookieEchoLength;

    private void SendCookieEcho()
    {
        _builder.Begin(_localPort, _remotePort, _peerTag);
        _cookieEchoBuffer.AsSpan(0, _cookieEchoLength).CopyTo(_builder.Append(SctpChunkType.CookieEcho, 0, _cookieEchoLength));
        _output(_builder.Finish());
    }

    private bool OnCookieEcho(ReadOnlySpan<byte> value, uint tag, long nowMs)
    {
        if (!SctpStateCookie.TryRead(value, _cookieKey, nowMs, CookieLifetimeMs, out var peerInit, out var localTag, out var localInitialTsn)
            || tag != localTag)
        {
            DiscardedPackets++;
            return false;
        }

        switch (State)
        {
            case SctpAssociationState.Closed:
            case SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed when localTag == _localTag:
                _localTag = localTag;
                _localInitialTsn = localInitialTsn;
                Begin(peerInit);
                SendCookieAck();
                Establish();
                return true;
            case SctpAssociationState.Established when localTag == _localTag && peerInit.InitiateTag == _peerTag:
                // Our COOKIE-ACK was lost; the peer sends its cookie again.
                SendCookieAck();
                return true;
            default:
                DiscardedPackets++;
                return false;
        }
    }

    private void SendCookieAck()
    {
        _builder.Begin(_localPort, _remotePort, _peerTag);
        _builder.Append(SctpChunkType.CookieAck, 0, 0);
        _output(_builder.Finish());
    }

    private void OnCookieAck()
    {
        if (State == SctpAssociationState.CookieEchoed)
        {
            Establish();
        }
    }

    private void Begin(in SctpInitChunk peerInit)
    {
        _peerTag = peerInit.InitiateTag;
        _peerForwardTsn = peerInit.ForwardTsn;
        _peerReconfig = peerInit.Reconfig;
        _receive.Reset(peerInit.InitialTsn);
        _send.Reset(_localInitialTsn, peerInit.AdvertisedReceiverWindow);
        _peerRequestSeq = peerInit.InitialTsn;
        _localRequestSeq = _localInitialTsn;
    }

    private void Establish()
    {
        State = SctpAssociationState.Established;
        _t1DeadlineMs = long.MaxValue;
        _sink.OnEstablished();
    }

    private void OnHandshakeTimeout(long nowMs)
    {
        if (State is not (SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed))
        {
            _t1DeadlineMs = long.MaxValue;
            return;
        }

        if (++_t1Retransmits > MaxInitRetransmits)
        {
            Terminate("the peer did not answer the SCTP handshake");
            return;
        }

        _rto.BackOff();
        if (State == SctpAssociationState.CookieWait)
        {
            SendInit();
        }
        else
        {
            SendCookieEcho();
        }

        _t1DeadlineMs = nowMs + _rto.RtoMs;
    }
}
