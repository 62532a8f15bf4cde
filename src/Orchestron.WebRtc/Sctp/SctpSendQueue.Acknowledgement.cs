using System.Buffers.Binary;

namespace Orchestron.WebRtc.Sctp;

/// <summary>SACKs, the T3-rtx timeout, abandonment and FORWARD-TSN.</summary>
internal sealed partial class SctpSendQueue
{
    private const int MaxForwardStreams = 32;

    /// <summary>Whether abandoned chunks lie at the head of the queue, so a FORWARD-TSN must tell the peer.</summary>
    internal bool NeedsForwardTsn => _count > 0 && _slots[_head & (SlotCount - 1)].State == SlotState.Abandoned;

    /// <summary>Applies a SACK's value; false when it is malformed or acknowledges a TSN never sent.</summary>
    /// <param name="value">The SACK chunk's value.</param>
    /// <param name="nowMs">The current time, for the round-trip measurement.</param>
    /// <param name="rtt">The timer to feed with a round-trip time, measured on a chunk sent once (Karn's rule).</param>
    /// <param name="cumulativeAdvanced">Whether the cumulative acknowledgement moved, so the T3 timer restarts.</param>
    internal bool OnSack(ReadOnlySpan<byte> value, long nowMs, SctpRetransmissionTimer rtt, out bool cumulativeAdvanced)
    {
        cumulativeAdvanced = false;
        if (value.Length < 12)
        {
            return false;
        }

        var cumulative = BinaryPrimitives.ReadUInt32BigEndian(value);
        var window = BinaryPrimitives.ReadUInt32BigEndian(value[4..]);
        int gaps = BinaryPrimitives.ReadUInt16BigEndian(value[8..]);
        int duplicates = BinaryPrimitives.ReadUInt16BigEndian(value[10..]);
        if (value.Length < 12 + (4 * gaps) + (4 * duplicates) || SctpSerial.IsNewer(cumulative, NextTsn - 1))
        {
            return false;
        }

        if (SctpSerial.IsNewer(CumulativeAck, cumulative))
        {
            return true; // An old SACK overtaken by a newer one.
        }

        var acked = 0;
        long rttSample = -1;
        while (SctpSerial.IsNewer(cumulative + 1, _head))
        {
            ref var slot = ref _slots[_head & (SlotCount - 1)];
            acked += Acknowledge(ref slot, nowMs, ref rttSample);
            _payloadUsed -= slot.RingBytes;
            slot = default;
            if (_nextToSend == _head)
            {
                _nextToSend++;
            }

            _head++;
            _count--;
            cumulativeAdvanced = true;
        }

        var highestGapAck = cumulative;
        for (var i = 0; i < gaps; i++)
        {
            var start = BinaryPrimitives.ReadUInt16BigEndian(value[(12 + (4 * i))..]);
            var end = BinaryPrimitives.ReadUInt16BigEndian(value[(14 + (4 * i))..]);
            if (start == 0 || end < start || cumulative + end - _head >= (uint)_count)
            {
                continue;
            }

            for (var tsn = cumulative + start; tsn != cumulative + end + 1u; tsn++)
            {
                acked += Acknowledge(ref _slots[tsn & (SlotCount - 1)], nowMs, ref rttSample);
            }

            if (SctpSerial.IsNewer(cumulative + end, highestGapAck))
            {
                highestGapAck = cumulative + end;
            }
        }

        if (rttSample >= 0)
        {
            rtt.OnRttMeasured(rttSample);
        }

        GrowWindow(acked, cumulativeAdvanced);
        _peerWindow = (long)window - _flightBytes;
        CountMisses(highestGapAck, nowMs);
        return true;
    }

    /// <summary>The T3-rtx timer expired: everything in flight is sent again or, past its reliability, abandoned.</summary>
    internal void OnRetransmissionTimeout(long nowMs)
    {
        _ssthresh = Math.Max(_cwnd / 2, 4 * _mtu);
        _cwnd = _mtu;
        _partialBytesAcked = 0;
        for (var tsn = _head; tsn != _nextToSend; tsn++)
        {
            ref var slot = ref _slots[tsn & (SlotCount - 1)];
            if (slot.State == SlotState.InFlight)
            {
                MarkLost(ref slot, nowMs);
            }
        }
    }

    /// <summary>Writes a FORWARD-TSN over the abandoned chunks at the head (RFC 3758 section 3.5, rules C1 to C5).</summary>
    internal void WriteForwardTsn(SctpPacketBuilder builder)
    {
        var point = CumulativeAck;
        Span<uint> entries = stackalloc uint[MaxForwardStreams];
        var streams = 0;
        for (var i = 0; i < _count; i++)
        {
            ref var slot = ref _slots[(_head + (uint)i) & (SlotCount - 1)];
            if (slot.State != SlotState.Abandoned)
            {
                break;
            }

            point = slot.Tsn;
            if ((slot.Flags & SctpDataFlags.Unordered) == 0)
            {
                streams = Remember(entries, streams, slot.Stream, slot.Ssn);
            }
        }

        var value = builder.Append(SctpChunkType.ForwardTsn, 0, 4 + (4 * streams));
        BinaryPrimitives.WriteUInt32BigEndian(value, point);
        for (var i = 0; i < streams; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(value[(4 + (4 * i))..], entries[i]);
        }
    }

    /// <summary>The room a FORWARD-TSN from <see cref="WriteForwardTsn"/> takes at most.</summary>
    internal static int MaxForwardTsnValueLength => 4 + (4 * MaxForwardStreams);

    private static int Remember(Span<uint> entries, int count, ushort stream, ushort ssn)
    {
        for (var i = 0; i < count; i++)
        {
            if ((ushort)(entries[i] >> 16) == stream)
            {
                entries[i] = ((uint)stream << 16) | ssn;
                return count;
            }
        }

        if (count < entries.Length)
        {
            entries[count++] = ((uint)stream << 16) | ssn;
        }

        return count;
    }

    private int Acknowledge(ref Slot slot, long nowMs, ref long rttSample)
    {
        if (slot.State is SlotState.Acked or SlotState.Free)
        {
            return 0;
        }

        var wasInFlight = slot.State == SlotState.InFlight;
        if (wasInFlight)
        {
            _flightBytes -= slot.Length;
            if (slot.TransmitCount == 1)
            {
                rttSample = Math.Max(0, nowMs - slot.FirstSentMs);
            }
        }

        var counted = wasInFlight ? slot.Length : 0;
        SetState(ref slot, slot.State == SlotState.Abandoned ? SlotState.Abandoned : SlotState.Acked);
        return counted;
    }

    private void GrowWindow(int acked, bool cumulativeAdvanced)
    {
        if (!cumulativeAdvanced || acked == 0)
        {
            return;
        }

        if (_cwnd <= _ssthresh)
        {
            _cwnd += Math.Min(acked, _mtu);
            return;
        }

        _partialBytesAcked += acked;
        if (_partialBytesAcked >= _cwnd)
        {
            _partialBytesAcked -= _cwnd;
            _cwnd += _mtu;
        }
    }

    // RFC 4960 section 7.2.4: a chunk below the highest acknowledged TSN that the SACK still reports missing.
    private void CountMisses(uint highestGapAck, long nowMs)
    {
        var reduced = false;
        for (var tsn = _head; tsn != _nextToSend; tsn++)
        {
            ref var slot = ref _slots[tsn & (SlotCount - 1)];
            if (!SctpSerial.IsNewer(highestGapAck, slot.Tsn))
            {
                break;
            }

            if (slot.State == SlotState.InFlight && ++slot.Misses >= FastRetransmitMisses)
            {
                if (!reduced)
                {
                    _ssthresh = Math.Max(_cwnd / 2, 4 * _mtu);
                    _cwnd = _ssthresh;
                    reduced = true;
                }

                MarkLost(ref slot, nowMs);
            }
        }
    }

    private void MarkLost(ref Slot slot, long nowMs)
    {
        var retransmissions = slot.TransmitCount - 1;
        var canRetransmit = (slot.MaxRetransmits < 0 || retransmissions < slot.MaxRetransmits) && nowMs <= slot.DeadlineMs;
        if (canRetransmit)
        {
            _flightBytes -= slot.Length;
            SetState(ref slot, SlotState.Retransmit);
            HasSendable = true;
        }
        else
        {
            Abandon(slot.MessageFirst, slot.MessageLast);
        }
    }

    // RFC 3758 section 3.5 A3: a message is abandoned whole, every fragment not yet acknowledged with it.
    private void Abandon(uint first, uint last)
    {
        for (var tsn = first; tsn != last + 1; tsn++)
        {
            if (tsn - _head >= (uint)_count)
            {
                continue;
            }

            ref var slot = ref _slots[tsn & (SlotCount - 1)];
            if (slot.State == SlotState.InFlight)
            {
                _flightBytes -= slot.Length;
            }

            if (slot.State is not SlotState.Acked and not SlotState.Abandoned)
            {
                SetState(ref slot, SlotState.Abandoned);
                AbandonedChunks++;
            }
        }
    }
}
