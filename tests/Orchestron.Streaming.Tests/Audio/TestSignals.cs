namespace Orchestron.Streaming.Tests.Audio;

internal static class TestSignals
{
    /// <summary>An interleaved stereo sine: left at <paramref name="amplitude"/>, right at half of it, so swapped or mixed channels show.</summary>
    public static float[] StereoSine(double frequency, double sampleRate, double amplitude, int frames, double phase = 0)
    {
        var samples = new float[frames * 2];
        for (var n = 0; n < frames; n++)
        {
            var value = Math.Sin((2 * Math.PI * frequency * n / sampleRate) + phase);
            samples[2 * n] = (float)(amplitude * value);
            samples[(2 * n) + 1] = (float)(amplitude * 0.5 * value);
        }

        return samples;
    }

    /// <summary>One channel of an interleaved buffer, as double.</summary>
    public static double[] Channel(ReadOnlySpan<float> interleaved, int channel, int skipFrames, int frames)
    {
        var result = new double[frames];
        for (var n = 0; n < frames; n++)
        {
            result[n] = interleaved[((skipFrames + n) * 2) + channel];
        }

        return result;
    }

    /// <summary>Runs a whole signal through a fresh resampler in blocks of <paramref name="blockFrames"/>.</summary>
    public static float[] Resample(int inputRate, int outputRate, float[] input, int blockFrames) =>
        Resample(new Orchestron.Streaming.Audio.PolyphaseResampler(inputRate, outputRate), input, blockFrames);

    public static float[] Resample(Orchestron.Streaming.Audio.PolyphaseResampler resampler, float[] input, int blockFrames)
    {
        var output = new float[resampler.GetOutputFrameCount(input.Length / 2) * 2];
        var written = 0;
        for (var offset = 0; offset < input.Length; offset += blockFrames * 2)
        {
            var block = input.AsSpan(offset, Math.Min(blockFrames * 2, input.Length - offset));
            written += resampler.Process(block, output.AsSpan(written * 2)) ;
        }

        Assert.Equal(output.Length / 2, written);
        return output;
    }
}
