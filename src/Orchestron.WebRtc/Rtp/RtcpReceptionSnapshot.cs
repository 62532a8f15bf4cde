namespace Orchestron.WebRtc.Rtp;

/// <summary>What one listener last reported about the stream it receives, from its RTCP receiver reports.</summary>
/// <param name="ReportsReceived">How many report blocks about our stream have arrived.</param>
/// <param name="ReporterSsrc">The listener's own SSRC, from its last report.</param>
/// <param name="FractionLost">Loss since the listener's previous report, 0 to 1.</param>
/// <param name="CumulativeLost">Packets lost since the listener began receiving.</param>
/// <param name="ExtendedHighestSequence">The highest sequence number received, extended with its wrap count.</param>
/// <param name="JitterMilliseconds">Interarrival jitter converted from 48 kHz timestamp units to milliseconds.</param>
/// <param name="RoundTripTime">From LSR/DLSR (RFC 3550 section 6.4.1), once the listener has echoed one of our sender reports.</param>
/// <param name="GoodbyeReceived">True once the listener sent an RTCP BYE.</param>
public readonly record struct RtcpReceptionSnapshot(
    long ReportsReceived,
    uint ReporterSsrc,
    double FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequence,
    double JitterMilliseconds,
    TimeSpan? RoundTripTime,
    bool GoodbyeReceived);
