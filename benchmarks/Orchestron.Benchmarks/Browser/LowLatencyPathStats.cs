namespace Orchestron.Benchmarks.Browser;

/// <summary>
/// The page's low-latency path counters, as <c>LowLatencyAudio.stats()</c> in the client names them: the path's own
/// and its reserve controller's (playing, buffering or stalled; the lateness quantile and the largest lateness
/// seen; the margin's distance from the reserve; the playback rate's offset and the drift its integral took up;
/// the crossfaded trims and the restarts after a stall).
/// </summary>
internal sealed record LowLatencyPathStats(
    double FrameMs,
    double? RttMs,
    double QueuedMs,
    double ReserveMs,
    long Underruns,
    long ConcealedSamples,
    long SkippedSamples,
    long Packets,
    long Recovered,
    long Lost,
    long Late,
    long Malformed,
    long DecodeErrors,
    string? Playout = null,
    double LatenessMs = 0,
    double MaxLatenessMs = 0,
    double MarginErrorMs = 0,
    double RateOffsetPpm = 0,
    double DriftPpm = 0,
    long Trims = 0,
    long Restarts = 0,
    long Rebased = 0);
