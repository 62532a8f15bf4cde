using System.Globalization;

namespace Orchestron.Benchmarks.Browser;

/// <summary>One reading of the page's <c>inboundSeries</c>: seconds since the answer was applied, and the statistics.</summary>
internal sealed record InboundSample(double Seconds, InboundAudio Audio);

/// <summary>
/// How Chromium's jitter buffer moved over a row, from the readings the page took every 250 ms: per interval, the mean
/// time an emitted sample waited, NetEQ's mean target, and the samples NetEQ stretched in or cut out. It shows whether a
/// row's notes were timed before the buffer had settled.
/// </summary>
internal static class InboundSeries
{
    /// <summary>Prints the series in steps of <paramref name="stepSeconds"/> to standard error, under <paramref name="title"/>.</summary>
    public static void Print(string title, IReadOnlyList<InboundSample> samples, double stepSeconds = 1)
    {
        Console.Error.WriteLine($"Chromium's jitter buffer over time: {title}");
        Console.Error.WriteLine("| from s | to s | buffer, mean ms | target, mean ms | minimum, mean ms | inserted (decelerate) | removed (accelerate) | concealed |");
        Console.Error.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        var previous = samples.FirstOrDefault(sample => sample.Audio.JitterBufferEmittedCount > 0);
        if (previous is null)
        {
            return;
        }

        foreach (var sample in samples)
        {
            if (sample.Seconds - previous.Seconds < stepSeconds - 0.01)
            {
                continue;
            }

            var (before, after) = (previous.Audio, sample.Audio);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {previous.Seconds:0.0} | {sample.Seconds:0.0} | {Inbound.MeanJitterBufferMs(before, after):0.0} | {Inbound.MeanTargetMs(before, after):0.0} | {Inbound.MeanMinimumMs(before, after):0.0} | {after.InsertedSamplesForDeceleration - before.InsertedSamplesForDeceleration} | {after.RemovedSamplesForAcceleration - before.RemovedSamplesForAcceleration} | {after.ConcealedSamples - before.ConcealedSamples} |"));
            previous = sample;
        }
    }
}
