namespace Orchestron.WebRtc.Tests.Opus;

/// <summary>Test signals and their measurement.</summary>
internal static class OpusTestSignals
{
    /// <summary>An interleaved stereo sine frame starting at sample index <paramref name="start"/>.</summary>
    public static float[] Sine(int samplesPerChannel, double frequency, float amplitude, long start)
    {
        var frame = new float[samplesPerChannel * 2];
        for (var i = 0; i < samplesPerChannel; i++)
        {
            var value = (float)(amplitude * Math.Sin(2 * Math.PI * frequency * (start + i) / 48_000.0));
            frame[2 * i] = value;
            frame[(2 * i) + 1] = value;
        }

        return frame;
    }

    /// <summary>The RMS of one channel of an interleaved stereo signal.</summary>
    public static double Rms(ReadOnlySpan<float> interleaved, int channel)
    {
        double sum = 0;
        var count = interleaved.Length / 2;
        for (var i = 0; i < count; i++)
        {
            sum += interleaved[(2 * i) + channel] * (double)interleaved[(2 * i) + channel];
        }

        return Math.Sqrt(sum / count);
    }

    /// <summary>
    /// The frequency of the strongest component of one channel, refined between DFT bins by a parabola
    /// through the three magnitudes around the peak.
    /// </summary>
    public static double DominantFrequency(ReadOnlySpan<float> interleaved, int channel, double low, double high, double step)
    {
        var count = interleaved.Length / 2;
        var channelSamples = new double[count];
        for (var i = 0; i < count; i++)
        {
            channelSamples[i] = interleaved[(2 * i) + channel];
        }

        double Magnitude(double frequency)
        {
            double re = 0, im = 0;
            for (var i = 0; i < count; i++)
            {
                var phase = 2 * Math.PI * frequency * i / 48_000.0;
                var window = 0.5 - (0.5 * Math.Cos(2 * Math.PI * i / (count - 1)));
                re += channelSamples[i] * window * Math.Cos(phase);
                im -= channelSamples[i] * window * Math.Sin(phase);
            }

            return Math.Sqrt((re * re) + (im * im));
        }

        var best = low;
        var bestMagnitude = 0.0;
        for (var f = low; f <= high; f += step)
        {
            var m = Magnitude(f);
            if (m > bestMagnitude)
            {
                bestMagnitude = m;
                best = f;
            }
        }

        var left = Magnitude(best - step);
        var right = Magnitude(best + step);
        var denominator = left - (2 * bestMagnitude) + right;
        return denominator == 0 ? best : best + (0.5 * step * (left - right) / denominator);
    }
}
