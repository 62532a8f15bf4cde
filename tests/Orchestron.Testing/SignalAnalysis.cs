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
}
