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
    long JitterBufferEmittedCount,
    double JitterBufferTargetDelay,
    double JitterBufferMinimumDelay)
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

    /// <summary>
    /// NetEQ's mean target delay over the samples emitted between the readings, in milliseconds
    /// (<c>jitterBufferTargetDelay</c> accumulates the target once per emitted sample).
    /// </summary>
    public static double MeanTargetMs(InboundAudio before, InboundAudio after)
    {
        var emitted = after.JitterBufferEmittedCount - before.JitterBufferEmittedCount;
        return emitted == 0 ? double.NaN : (after.JitterBufferTargetDelay - before.JitterBufferTargetDelay) / emitted * 1000;
    }

    /// <summary>The mean minimum delay NetEQ was held to over the samples emitted between the readings, in milliseconds.</summary>
    public static double MeanMinimumMs(InboundAudio before, InboundAudio after)
    {
        var emitted = after.JitterBufferEmittedCount - before.JitterBufferEmittedCount;
        return emitted == 0 ? double.NaN : (after.JitterBufferMinimumDelay - before.JitterBufferMinimumDelay) / emitted * 1000;
    }
}
