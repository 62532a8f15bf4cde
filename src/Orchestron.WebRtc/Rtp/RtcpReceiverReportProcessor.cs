namespace Orchestron.WebRtc.Rtp;

/// <summary>
/// Reads a listener's (already unprotected) compound RTCP into its <see cref="RtcpReceptionStatistics"/>:
/// report blocks about our SSRC from SR and RR packets, and BYE. SDES is checked and other types are skipped.
/// </summary>
public static class RtcpReceiverReportProcessor
{
    /// <summary>Validates the whole compound packet, then applies it; a malformed packet changes nothing.</summary>
    /// <param name="compound">The RTCP packet as received.</param>
    /// <param name="localSsrc">The SSRC of our stream, whose report blocks count.</param>
    /// <param name="arrivalNtpTimestamp">When the packet arrived, in NTP format, for the round-trip time.</param>
    /// <param name="statistics">The listener's statistics to update.</param>
    /// <param name="clockRate">The RTP clock rate of our stream, for converting jitter to milliseconds.</param>
    /// <returns>Why the packet was refused, or <see cref="RtcpParseError.None"/>. Never throws for bad data.</returns>
    public static RtcpParseError Process(
        ReadOnlySpan<byte> compound,
        uint localSsrc,
        ulong arrivalNtpTimestamp,
        RtcpReceptionStatistics statistics,
        int clockRate = RtpOpusPacketizer.ClockRate)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);

        var error = RtcpCompoundReader.Validate(compound);
        if (error != RtcpParseError.None)
        {
            return error;
        }

        var arrival = NtpTimestamp.Compact(arrivalNtpTimestamp);
        var reader = new RtcpCompoundReader(compound);
        while (reader.TryReadNext(out var packet, out _))
        {
            if (packet.PacketType == RtcpPacketType.Goodbye)
            {
                statistics.MarkGoodbye();
                continue;
            }

            if (!RtcpReportBlock.TryGetBlocks(packet, out var reporter, out var blocks))
            {
                continue;
            }

            for (var offset = 0; offset < blocks.Length; offset += RtcpReportBlock.Length)
            {
                var block = RtcpReportBlock.Read(blocks[offset..]);
                if (block.Ssrc == localSsrc)
                {
                    statistics.Apply(reporter, block, clockRate, RoundTripTime(arrival, block));
                }
            }
        }

        return RtcpParseError.None;
    }

    /// <summary>
    /// RTT = A - LSR - DLSR in compact NTP units (RFC 3550 section 6.4.1); none when the listener has not yet
    /// received a sender report (LSR = 0) or the result is negative, which only clock trouble produces.
    /// </summary>
    internal static TimeSpan? RoundTripTime(uint arrival, in RtcpReportBlock block)
    {
        if (block.LastSenderReport == 0)
        {
            return null;
        }

        var roundTrip = unchecked((int)(arrival - block.LastSenderReport - block.DelaySinceLastSenderReport));
        return roundTrip < 0 ? null : NtpTimestamp.CompactToTimeSpan((uint)roundTrip);
    }
}
