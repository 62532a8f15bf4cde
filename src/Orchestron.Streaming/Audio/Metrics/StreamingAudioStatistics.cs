namespace Orchestron.Streaming.Audio;

/// <summary>A snapshot of a stream's audio counters, cheap enough to read for every statistics request.</summary>
/// <param name="Underruns">Frame periods in which no rendered frame was ready, so silence was sent.</param>
/// <param name="Drops">Stale or overflowing frames discarded to bound latency.</param>
/// <param name="FlushedFrames">Backlog frames skipped when the first consumer connected.</param>
/// <param name="RingDepthFrames">Whole frames queued at the time of the snapshot.</param>
/// <param name="FramesSent">Frames (rendered or silent) the pacer has handed on.</param>
/// <param name="LastPacingErrorMs">How late the pacer woke for the last frame, in milliseconds.</param>
/// <param name="MeanPacingErrorMs">Mean lateness of the pacer's wake-ups, in milliseconds.</param>
/// <param name="MaxPacingErrorMs">Largest lateness of a wake-up, in milliseconds.</param>
public readonly record struct StreamingAudioStatistics(
    long Underruns,
    long Drops,
    long FlushedFrames,
    int RingDepthFrames,
    long FramesSent,
    double LastPacingErrorMs,
    double MeanPacingErrorMs,
    double MaxPacingErrorMs);
