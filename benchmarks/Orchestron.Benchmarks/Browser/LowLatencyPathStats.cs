namespace Orchestron.Benchmarks.Browser;

/// <summary>The page's low-latency path counters, as <c>LowLatencyAudio.stats()</c> in the client names them.</summary>
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
    long DecodeErrors);
