namespace Orchestron.WebRtc.Rtp;

/// <summary>
/// Decides when a stream's next RTCP sender report is due (once per interval, one second by default) and
/// writes it, together with the SDES CNAME, from the packetiser's counters and the wallclock.
/// </summary>
/// <remarks>
/// The report pairs the wallclock now with the RTP timestamp of the caller's clock now, made by the same
/// <see cref="RtpOpusPacketizer.ToRtpTimestamp"/> that stamps the media, so a receiver's RTP-to-NTP mapping agrees
/// with the packets whatever frames were skipped. Receivers use the report for lip sync and to echo it back
/// (LSR/DLSR) for the round-trip time. Not thread-safe: the thread that packetises also schedules.
/// </remarks>
public sealed class RtcpSenderReportScheduler
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private long _lastReportTimestamp;
    private bool _hasReported;

    /// <summary>Creates a scheduler.</summary>
    /// <param name="interval">The time between reports; default one second.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> by default.</param>
    public RtcpSenderReportScheduler(TimeSpan? interval = null, TimeProvider? timeProvider = null)
    {
        _interval = interval ?? TimeSpan.FromSeconds(1);
        if (_interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), _interval, "The sender report interval must be positive.");
        }

        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The time between reports.</summary>
    public TimeSpan Interval => _interval;

    /// <summary>True when the stream has sent media and no report has gone out for an interval.</summary>
    public bool IsDue(RtpOpusPacketizer packetizer)
    {
        ArgumentNullException.ThrowIfNull(packetizer);
        return packetizer.PacketsSent > 0
            && (!_hasReported || _time.GetElapsedTime(_lastReportTimestamp) >= _interval);
    }

    /// <summary>Writes the SR + SDES compound when one is due.</summary>
    /// <param name="destination">Receives the compound packet (leave room for SRTCP's trailer when protecting it in place).</param>
    /// <param name="packetizer">The stream whose SSRC and counters the report carries.</param>
    /// <param name="timestamp">The caller's 48 kHz clock now, the same clock that numbers the frames.</param>
    /// <param name="cname">The stream's canonical name.</param>
    /// <param name="length">The compound packet's length, or 0 when no report was due.</param>
    /// <returns>True when a report was written.</returns>
    public bool TryWriteDueReport(
        Span<byte> destination, RtpOpusPacketizer packetizer, long timestamp, ReadOnlySpan<char> cname, out int length)
    {
        if (!IsDue(packetizer))
        {
            length = 0;
            return false;
        }

        length = WriteReport(destination, packetizer, timestamp, cname);
        return true;
    }

    /// <summary>Writes an SR + SDES compound now, whether due or not, and restarts the interval.</summary>
    /// <param name="destination">Receives the compound packet.</param>
    /// <param name="packetizer">The stream whose SSRC and counters the report carries.</param>
    /// <param name="timestamp">The caller's 48 kHz clock now, the same clock that numbers the frames.</param>
    /// <param name="cname">The stream's canonical name.</param>
    /// <returns>The compound packet's length.</returns>
    public int WriteReport(Span<byte> destination, RtpOpusPacketizer packetizer, long timestamp, ReadOnlySpan<char> cname)
    {
        var length = RtcpWriter.WriteSenderReportCompound(destination, SenderInfo(packetizer, timestamp), cname);
        _lastReportTimestamp = _time.GetTimestamp();
        _hasReported = true;
        return length;
    }

    /// <summary>Writes the closing SR + SDES + BYE compound a stream sends when it stops.</summary>
    /// <param name="destination">Receives the compound packet.</param>
    /// <param name="packetizer">The stream whose SSRC and counters the report carries.</param>
    /// <param name="timestamp">The caller's 48 kHz clock now, the same clock that numbers the frames.</param>
    /// <param name="cname">The stream's canonical name.</param>
    /// <returns>The compound packet's length.</returns>
    public int WriteGoodbye(Span<byte> destination, RtpOpusPacketizer packetizer, long timestamp, ReadOnlySpan<char> cname) =>
        RtcpWriter.WriteGoodbyeCompound(destination, SenderInfo(packetizer, timestamp), cname);

    private RtcpSenderInfo SenderInfo(RtpOpusPacketizer packetizer, long timestamp)
    {
        ArgumentNullException.ThrowIfNull(packetizer);
        return new RtcpSenderInfo(
            packetizer.Ssrc,
            NtpTimestamp.FromDateTime(_time.GetUtcNow().UtcDateTime),
            packetizer.ToRtpTimestamp(timestamp),
            unchecked((uint)packetizer.PacketsSent),
            unchecked((uint)packetizer.PayloadOctetsSent));
    }
}
