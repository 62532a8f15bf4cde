namespace Orchestron.Benchmarks.Browser;

/// <summary>The fields of Chromium's inbound-rtp audio statistics the benchmark reads.</summary>
internal sealed record InboundAudio(
    long PacketsReceived,
    long PacketsLost,
    long TotalSamplesReceived,
    long ConcealedSamples,
    long ConcealmentEvents,
    long InsertedSamplesForDeceleration,
    long RemovedSamplesForAcceleration,
    double JitterBufferDelay,
    long JitterBufferEmittedCount)
{
}

/// <summary>Figures derived from two readings of <see cref="InboundAudio"/>.</summary>
internal static class Inbound
{
    /// <summary>The mean time a sample emitted between the readings waited in Chromium's jitter buffer, in milliseconds.</summary>
    public static double MeanJitterBufferMs(InboundAudio before, InboundAudio after)
    {
        var emitted = after.JitterBufferEmittedCount - before.JitterBufferEmittedCount;
        return emitted == 0 ? double.NaN : (after.JitterBufferDelay - before.JitterBufferDelay) / emitted * 1000;
    }
}
