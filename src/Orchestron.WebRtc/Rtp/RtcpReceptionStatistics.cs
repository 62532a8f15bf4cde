namespace Orchestron.WebRtc.Rtp;

/// <summary>
/// Per-listener reception statistics, written by the thread that reads the listener's RTCP and read from any
/// thread as a consistent <see cref="RtcpReceptionSnapshot"/>.
/// </summary>
public sealed class RtcpReceptionStatistics
{
    private readonly Lock _gate = new();
    private RtcpReceptionSnapshot _current;

    /// <summary>The latest statistics, all from the same report.</summary>
    public RtcpReceptionSnapshot Snapshot
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    internal void Apply(uint reporterSsrc, in RtcpReportBlock block, int clockRate, TimeSpan? roundTripTime)
    {
        lock (_gate)
        {
            _current = _current with
            {
                ReportsReceived = _current.ReportsReceived + 1,
                ReporterSsrc = reporterSsrc,
                FractionLost = block.FractionLost / 256.0,
                CumulativeLost = block.CumulativeLost,
                ExtendedHighestSequence = block.ExtendedHighestSequence,
                JitterMilliseconds = block.Jitter * 1000.0 / clockRate,
                RoundTripTime = roundTripTime ?? _current.RoundTripTime,
            };
        }
    }

    internal void MarkGoodbye()
    {
        lock (_gate)
        {
            _current = _current with { GoodbyeReceived = true };
        }
    }
}
