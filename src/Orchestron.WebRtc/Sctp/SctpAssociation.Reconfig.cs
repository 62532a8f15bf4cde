using System.Buffers.Binary;

namespace Orchestron.WebRtc.Sctp;

/// <summary>
/// Stream reset (RFC 6525), with which data channels close (RFC 8831 section 6.7): we reset our outgoing stream
/// and the peer answers by resetting its own.
/// </summary>
internal sealed partial class SctpAssociation
{
    private const int MaxPendingResets = 64;
    private const uint ResultPerformed = 1;
    private const uint ResultDenied = 2;
    private const uint ResultBadSequence = 5;
    private const uint ResultInProgress = 6;

    private readonly ushort[] _pendingResets = new ushort[MaxPendingResets];
    private readonly ushort[] _requestStreams = new ushort[MaxPendingResets];
    private bool _peerReconfig;
    private uint _peerRequestSeq;
    private uint _localRequestSeq;
    private int _pendingResetCount;
    private int _requestStreamCount;
    private bool _requestInFlight;
    private bool _requestDue;
    private long _reconfigDeadlineMs = long.MaxValue;
    private bool _responseDue;
    private uint _responseSeq;
    private uint _responseResult;

    /// <summary>Whether the peer announced RE-CONFIG, so that channels can close without ending the association.</summary>
    internal bool CanResetStreams => _peerReconfig;

    /// <summary>Resets our outgoing <paramref name="stream"/>; the peer learns its channel is closing.</summary>
    internal void ResetOutgoingStream(ushort stream, long nowMs)
    {
        // A stream already in the request under way is queued again: a channel may have reopened on it since.
        if (State != SctpAssociationState.Established || !_peerReconfig
            || _pendingResets.AsSpan(0, _pendingResetCount).Contains(stream)
            || _pendingResetCount == MaxPendingResets)
        {
            return;
        }

        _pendingResets[_pendingResetCount++] = stream;
        _send.ResetStream(stream);
        StartNextRequest();
        Flush(nowMs);
    }

    private void StartNextRequest()
    {
        if (_requestInFlight || _pendingResetCount == 0)
        {
            return;
        }

        _pendingResets.AsSpan(0, _pendingResetCount).CopyTo(_requestStreams);
        _requestStreamCount = _pendingResetCount;
        _pendingResetCount = 0;
        _requestInFlight = true;
        _requestDue = true;
    }

    private void WriteReconfig(long nowMs)
    {
        if (!_responseDue && !_requestDue)
        {
            return;
        }

        var responseLength = _responseDue ? 12 : 0;
        var requestLength = _requestDue ? SctpPacket.Pad4(16 + (2 * _requestStreamCount)) : 0;
        if (!_builder.Fits(responseLength + requestLength))
        {
            return;
        }

        var value = _builder.Append(SctpChunkType.Reconfig, 0, responseLength + requestLength);
        if (_responseDue)
        {
            BinaryPrimitives.WriteUInt16BigEndian(value, SctpParameter.ReconfigResponse);
            BinaryPrimitives.WriteUInt16BigEndian(value[2..], 12);
            BinaryPrimitives.WriteUInt32BigEndian(value[4..], _responseSeq);
            BinaryPrimitives.WriteUInt32BigEndian(value[8..], _responseResult);
            value = value[12..];
            _responseDue = false;
        }

        if (_requestDue)
        {
            BinaryPrimitives.WriteUInt16BigEndian(value, SctpParameter.OutgoingResetRequest);
            BinaryPrimitives.WriteUInt16BigEndian(value[2..], (ushort)(16 + (2 * _requestStreamCount)));
            BinaryPrimitives.WriteUInt32BigEndian(value[4..], _localRequestSeq);
            BinaryPrimitives.WriteUInt32BigEndian(value[8..], _peerRequestSeq - 1);
            BinaryPrimitives.WriteUInt32BigEndian(value[12..], _send.NextTsn - 1);
            for (var i = 0; i < _requestStreamCount; i++)
            {
                BinaryPrimitives.WriteUInt16BigEndian(value[(16 + (2 * i))..], _requestStreams[i]);
            }

            value[(16 + (2 * _requestStreamCount))..].Clear();
            _requestDue = false;
            _reconfigDeadlineMs = nowMs + _rto.RtoMs;
        }
    }

    private bool OnReconfig(ReadOnlySpan<byte> value)
    {
        if (State != SctpAssociationState.Established)
        {
            return true;
        }

        if (value.IsEmpty || !SctpParameter.IsWellFormed(value))
        {
            Violation("a RE-CONFIG chunk has broken parameters");
            return false;
        }

        while (value.Length >= 4)
        {
            var type = BinaryPrimitives.ReadUInt16BigEndian(value);
            int length = BinaryPrimitives.ReadUInt16BigEndian(value[2..]);
            var parameter = value[4..length];
            var ok = type switch
            {
                SctpParameter.OutgoingResetRequest => OnOutgoingResetRequest(parameter),
                SctpParameter.ReconfigResponse => OnReconfigResponse(parameter),
                _ => DenyRequest(parameter),
            };
            if (!ok)
            {
                Violation($"a RE-CONFIG parameter of type {type} is malformed");
                return false;
            }

            value = value[Math.Min(SctpPacket.Pad4(length), value.Length)..];
        }

        return State != SctpAssociationState.Terminated;
    }

    private bool OnOutgoingResetRequest(ReadOnlySpan<byte> parameter)
    {
        if (parameter.Length < 12 || parameter.Length % 2 != 0)
        {
            return false;
        }

        var seq = BinaryPrimitives.ReadUInt32BigEndian(parameter);
        var senderLastTsn = BinaryPrimitives.ReadUInt32BigEndian(parameter[8..]);
        _responseSeq = seq;
        _responseDue = true;
        if (seq != _peerRequestSeq && seq != _peerRequestSeq - 1)
        {
            _responseResult = ResultBadSequence;
            return true;
        }

        if (seq == _peerRequestSeq)
        {
            _peerRequestSeq++;
        }

        // The reset takes effect only once everything the peer sent before it has arrived (section 5.2.2).
        if (!SctpSerial.IsNewerOrEqual(_receive.CumulativeTsn, senderLastTsn))
        {
            _responseResult = ResultInProgress;
            return true;
        }

        _responseResult = ResultPerformed;
        for (var offset = 12; offset + 2 <= parameter.Length; offset += 2)
        {
            _sink.OnIncomingStreamReset(BinaryPrimitives.ReadUInt16BigEndian(parameter[offset..]));
            if (State == SctpAssociationState.Terminated)
            {
                break;
            }
        }

        return true;
    }

    private bool OnReconfigResponse(ReadOnlySpan<byte> parameter)
    {
        if (parameter.Length < 8)
        {
            return false;
        }

        var seq = BinaryPrimitives.ReadUInt32BigEndian(parameter);
        var result = BinaryPrimitives.ReadUInt32BigEndian(parameter[4..]);
        if (!_requestInFlight || seq != _localRequestSeq)
        {
            return true;
        }

        if (result == ResultInProgress)
        {
            // Asked again when the retransmission timer fires.
            return true;
        }

        // Performed, nothing to do, or refused: either way this request is over.
        _requestInFlight = false;
        _reconfigDeadlineMs = long.MaxValue;
        _localRequestSeq++;
        StartNextRequest();
        return true;
    }

    private bool DenyRequest(ReadOnlySpan<byte> parameter)
    {
        if (parameter.Length < 4)
        {
            return false;
        }

        _responseSeq = BinaryPrimitives.ReadUInt32BigEndian(parameter);
        _responseResult = ResultDenied;
        _responseDue = true;
        return true;
    }
}
