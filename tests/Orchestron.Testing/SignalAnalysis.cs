namespace Orchestron.Testing;

/// <summary>Measures a recorded tone: its frequency from interpolated zero crossings, and its RMS level.</summary>
public static class SignalAnalysis
{
    /// <summary>The left channel of interleaved 16-bit stereo, scaled to [-1, 1].</summary>
    public static float[] LeftChannelFromS16Stereo(byte[] raw)
    {
        var frames = raw.Length / 4;
        var left = new float[frames];
        for (var i = 0; i < frames; i++)
        {
            left[i] = BitConverter.ToInt16(raw, i * 4) / 32768f;
        }

        return left;
    }

    /// <summary>Frequency in Hz from the first to the last rising zero crossing, each found by linear interpolation.</summary>
    public static double Frequency(ReadOnlySpan<float> signal, int sampleRate)
    {
        double first = -1, last = -1;
        var crossings = 0;
        for (var i = 1; i < signal.Length; i++)
        {
            if (signal[i - 1] < 0 && signal[i] >= 0)
            {
                var position = i - 1 + (-signal[i - 1] / (signal[i] - signal[i - 1]));
                if (first < 0)
                {
                    first = position;
                }

                last = position;
                crossings++;
            }
        }

        if (crossings <= 10)
        {
            throw new InvalidOperationException($"The signal has only {crossings} rising zero crossings: no tone.");
        }

        return (crossings - 1) * sampleRate / (last - first);
    }

    /// <summary>
    /// The median of the frequencies of consecutive windows: a dropped or concealed packet spoils one window,
    /// not the whole measurement.
    /// </summary>
    public static double MedianFrequency(ReadOnlySpan<float> signal, int sampleRate, double windowSeconds = 0.1)
    {
        var window = (int)(sampleRate * windowSeconds);
        var estimates = new List<double>();
        for (var start = 0; start + window <= signal.Length; start += window)
        {
            estimates.Add(Frequency(signal.Slice(start, window), sampleRate));
        }

        return Median(estimates);
    }

    /// <summary>The median RMS level of consecutive windows.</summary>
    public static double MedianRms(ReadOnlySpan<float> signal, int sampleRate, double windowSeconds = 0.1)
    {
        var window = (int)(sampleRate * windowSeconds);
        var levels = new List<double>();
        for (var start = 0; start + window <= signal.Length; start += window)
        {
            levels.Add(Rms(signal.Slice(start, window)));
        }

        return Median(levels);
    }

    public static double Rms(ReadOnlySpan<float> signal)
    {
        double sum = 0;
        foreach (var sample in signal)
        {
            sum += (double)sample * sample;
        }

        return Math.Sqrt(sum / signal.Length);
    }

    public static double ToDecibels(double ratio) => 20 * Math.Log10(ratio);

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            throw new InvalidOperationException("The signal is shorter than one analysis window.");
        }

        values.Sort();
        return values[values.Count / 2];
    }
}
