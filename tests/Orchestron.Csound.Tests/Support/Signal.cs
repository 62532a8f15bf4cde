namespace Orchestron.Csound.Tests.Support;

/// <summary>Measurements on rendered audio.</summary>
internal static class Signal
{
    internal static double Rms(ReadOnlySpan<double> samples)
    {
        if (samples.IsEmpty)
        {
            return 0;
        }

        var sum = 0.0;
        foreach (var sample in samples)
        {
            sum += sample * sample;
        }

        return Math.Sqrt(sum / samples.Length);
    }

    /// <summary>
    /// Frequency from upward zero crossings, each located by linear interpolation between samples:
    /// over a second of a clean tone this resolves far better than 1 Hz.
    /// </summary>
    internal static double Frequency(ReadOnlySpan<double> samples, double sampleRate)
    {
        double? first = null;
        var last = 0.0;
        var crossings = 0;
        for (var index = 1; index < samples.Length; index++)
        {
            var before = samples[index - 1];
            var after = samples[index];
            if (before < 0 && after >= 0)
            {
                var position = index - 1 + (-before / (after - before));
                first ??= position;
                last = position;
                crossings++;
            }
        }

        if (first is null || crossings < 2)
        {
            return 0;
        }

        return (crossings - 1) * sampleRate / (last - first.Value);
    }

    /// <summary>Index of the first sample whose magnitude exceeds <paramref name="threshold"/>, or -1.</summary>
    internal static int FirstAbove(ReadOnlySpan<double> samples, double threshold)
    {
        for (var index = 0; index < samples.Length; index++)
        {
            if (Math.Abs(samples[index]) > threshold)
            {
                return index;
            }
        }

        return -1;
    }

    /// <summary>One channel out of interleaved frames.</summary>
    internal static double[] Channel(ReadOnlySpan<double> interleaved, int channels, int channel)
    {
        var result = new double[interleaved.Length / channels];
        for (var frame = 0; frame < result.Length; frame++)
        {
            result[frame] = interleaved[(frame * channels) + channel];
        }

        return result;
    }
}
