using System.Buffers.Binary;

namespace Orchestron.WebRtc.Sctp;

/// <summary>Incoming packets: checksum, verification tag, and each chunk in turn.</summary>
internal sealed partial class SctpAssociation
{
    private const byte AbortTBit = 0x01;

    /// <summary>Handles one packet from the peer and sends what it calls for (SACK, INIT-ACK, ...).</summary>
    internal void HandlePacket(ReadOnlySpan<byte> packet, long nowMs)
    {
        if (State == SctpAssociationState.Terminated)
        {
            return;
        }

        // A packet with a bad checksum or port is dropped silently (RFC 4960 section 6.8).
        if (packet.Length < SctpPacket.CommonHeaderLength + SctpPacket.ChunkHeaderLength || !SctpCrc32c.Verify(packet)
            || SctpPacket.DestinationPort(packet) != _localPort)
        {
            DiscardedPackets++;
            return;
        }

        // Over DTLS the packet comes from the authenticated peer, so broken framing is its fault, not noise.
        if (!SctpPacket.HasValidChunkLayout(packet))
        {
            Violation("a chunk's length runs past the end of its packet");
            return;
        }

        var tag = SctpPacket.VerificationTag(packet);
        var first = true;
        _handlingPacket = true;
        try
        {
            foreach (var chunk in new SctpChunkEnumerator(packet))
            {
                if (!HandleChunk(chunk, tag, first, packet.Length, nowMs))
                {
                    break;
                }

                first = false;
                if (State == SctpAssociationState.Terminated)
                {
                    return;
                }
            }
        }
        finally
        {
            _handlingPacket = false;
        }

        Flush(nowMs);
    }

    // Returns false to stop processing the rest of the packet.
    private bool HandleChunk(SctpChunk chunk, uint tag, bool first, int packetLength, long nowMs)
    {
        switch (chunk.Type)
        {
            case SctpChunkType.Init:
                // An INIT travels alone with a zero tag (section 8.5.1).
                if (!first || tag != 0 || packetLength != SctpPacket.Pad4(chunk.Raw.Length) + SctpPacket.CommonHeaderLength
                    && packetLength != chunk.Raw.Length + SctpPacket.CommonHeaderLength)
                {
                    DiscardedPackets++;
                    return false;
                }

                OnInit(chunk.Value, nowMs);
                return false;
            case SctpChunkType.CookieEcho:
                return OnCookieEcho(chunk.Value, tag, nowMs);
            case SctpChunkType.Abort or SctpChunkType.ShutdownComplete:
                if (tag != ((chunk.Flags & AbortTBit) != 0 ? _peerTag : _localTag) || State == SctpAssociationState.Closed)
                {
                    DiscardedPackets++;
                    return false;
                }

                if (chunk.Type == SctpChunkType.Abort)
                {
                    Terminate("the peer aborted the association" + DescribeCause(chunk.Value));
                }
                else if (State == SctpAssociationState.ShutdownAckSent)
                {
                    Terminate("the peer shut the association down");
                }

                return false;
        }

        if (tag != _localTag || State == SctpAssociationState.Closed)
        {
            DiscardedPackets++;
            return false;
        }

        switch (chunk.Type)
        {
            case SctpChunkType.InitAck:
                OnInitAck(chunk.Value, nowMs);
                return false;
            case SctpChunkType.CookieAck:
                OnCookieAck();
                return true;
            case SctpChunkType.Data:
                return OnData(chunk);
            case SctpChunkType.Sack:
                return OnSack(chunk.Value, nowMs);
            case SctpChunkType.ForwardTsn:
                return OnForwardTsn(chunk.Value);
            case SctpChunkType.Heartbeat:
                return OnHeartbeat(chunk.Value);
            case SctpChunkType.HeartbeatAck or SctpChunkType.Error:
                return true;
            case SctpChunkType.Shutdown:
                return OnShutdown();
            case SctpChunkType.ShutdownAck:
                OnShutdownAck();
                return false;
            case SctpChunkType.Reconfig:
                return OnReconfig(chunk.Value);
            default:
                // Section 3.2: the top bit of an unknown type says whether to skip it or drop the rest of the packet.
                return ((byte)chunk.Type & 0x80) != 0;
        }
    }

    private bool OnData(SctpChunk chunk)
    {
        if (State is not (SctpAssociationState.Established or SctpAssociationState.ShutdownSent))
        {
            return true;
        }

        var value = chunk.Value;
        if (value.Length < 12)
        {
            Violation("a DATA chunk is shorter than its fixed fields");
            return false;
        }

        var tsn = BinaryPrimitives.ReadUInt32BigEndian(value);
        var stream = BinaryPrimitives.ReadUInt16BigEndian(value[4..]);
        var ppid = BinaryPrimitives.ReadUInt32BigEndian(value[8..]);
        var flags = (SctpDataFlags)(chunk.Flags & 0x07);
        _sackNeeded = true;
        if (_receive.Receive(tsn, flags, stream, ppid, value[12..]) == SctpReceiveResult.Violation)
        {
            Violation(_receive.ViolationReason ?? "a DATA chunk broke the receive limits");
            return false;
        }

        return State != SctpAssociationState.Terminated;
    }

    private bool OnSack(ReadOnlySpan<byte> value, long nowMs)
    {
        if (State is not (SctpAssociationState.Established or SctpAssociationState.ShutdownSent or SctpAssociationState.ShutdownAckSent))
        {
            return true;
        }

        if (!_send.OnSack(value, nowMs, _rto, out var advanced))
        {
            Violation("a SACK is malformed or acknowledges a TSN never sent");
            return false;
        }

        if (advanced)
        {
            _consecutiveTimeouts = 0;
            _t3DeadlineMs = _send.HasInFlight || _send.NeedsForwardTsn ? nowMs + _rto.RtoMs : long.MaxValue;
        }
        else if (!_send.HasInFlight && !_send.NeedsForwardTsn)
        {
            _t3DeadlineMs = long.MaxValue;
        }

        _forwardTsnDue = true;
        return true;
    }

    private bool OnForwardTsn(ReadOnlySpan<byte> value)
    {
        if (value.Length < 4 || value.Length % 4 != 0)
        {
            Violation("a FORWARD-TSN chunk has a broken length");
            return false;
        }

        _sackNeeded = true;
        if (!_receive.Forward(BinaryPrimitives.ReadUInt32BigEndian(value)))
        {
            Violation(_receive.ViolationReason ?? "a FORWARD-TSN broke the receive limits");
            return false;
        }

        return State != SctpAssociationState.Terminated;
    }

    private bool OnHeartbeat(ReadOnlySpan<byte> value)
    {
        if (!SctpParameter.TryFind(value, SctpParameter.HeartbeatInfo, out _) || value.Length > _builder.MaxPacketSize - 32)
        {
            Violation(value.Length > _builder.MaxPacketSize - 32
                ? "a HEARTBEAT too large to echo"
                : "a HEARTBEAT carries no heartbeat information");
            return false;
        }

        // The acknowledgement echoes the sender's information unchanged (section 8.3), in a packet of its own.
        _builder.Begin(_localPort, _remotePort, _peerTag);
        value.CopyTo(_builder.Append(SctpChunkType.HeartbeatAck, 0, value.Length));
        _output(_builder.Finish());
        return true;
    }

    private bool OnShutdown()
    {
        if (State is SctpAssociationState.Established or SctpAssociationState.ShutdownSent or SctpAssociationState.ShutdownAckSent)
        {
            State = SctpAssociationState.ShutdownAckSent;
            _builder.Begin(_localPort, _remotePort, _peerTag);
            _builder.Append(SctpChunkType.ShutdownAck, 0, 0);
            _output(_builder.Finish());
        }

        return false;
    }

    private void OnShutdownAck()
    {
        if (State is not (SctpAssociationState.ShutdownSent or SctpAssociationState.ShutdownAckSent))
        {
            return;
        }

        _builder.Begin(_localPort, _remotePort, _peerTag);
        _builder.Append(SctpChunkType.ShutdownComplete, 0, 0);
        _output(_builder.Finish());
        Terminate("the association was shut down");
    }

    private static string DescribeCause(ReadOnlySpan<byte> value)
    {
        if (value.Length < 4)
        {
            return string.Empty;
        }

        var cause = BinaryPrimitives.ReadUInt16BigEndian(value);
        return $" (cause {cause})";
    }
}
