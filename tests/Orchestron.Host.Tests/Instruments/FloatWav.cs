using System.Buffers.Binary;

namespace Orchestron.Host.Tests.Instruments;

/// <summary>Reads a 32-bit float WAV file as written by <c>csound -W -f</c>.</summary>
internal sealed class FloatWav
{
    private FloatWav(int sampleRate, int channels, float[] samples)
    {
        SampleRate = sampleRate;
        Channels = channels;
        Samples = samples;
    }

    public int SampleRate { get; }

    public int Channels { get; }

    /// <summary>Interleaved samples.</summary>
    public float[] Samples { get; }

    public double Seconds => (double)Samples.Length / Channels / SampleRate;

    public static FloatWav Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length >= 12 && bytes.AsSpan(0, 4).SequenceEqual("RIFF"u8) && bytes.AsSpan(8, 4).SequenceEqual("WAVE"u8),
            "not a RIFF/WAVE file");
        int? channels = null, rate = null, bits = null, format = null;
        for (var offset = 12; offset + 8 <= bytes.Length;)
        {
            var id = bytes.AsSpan(offset, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset + 4));
            var body = bytes.AsSpan(offset + 8, Math.Min(size, bytes.Length - offset - 8));
            if (id.SequenceEqual("fmt "u8))
            {
                format = BinaryPrimitives.ReadUInt16LittleEndian(body);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
                rate = BinaryPrimitives.ReadInt32LittleEndian(body[4..]);
                bits = BinaryPrimitives.ReadUInt16LittleEndian(body[14..]);
            }
            else if (id.SequenceEqual("data"u8))
            {
                Assert.True(format is 3 or 0xFFFE && bits == 32, $"expected 32-bit float samples, got format {format}, {bits} bits");
                var samples = new float[body.Length / 4];
                for (var i = 0; i < samples.Length; i++)
                {
                    samples[i] = BinaryPrimitives.ReadSingleLittleEndian(body[(i * 4)..]);
                }

                return new FloatWav(rate!.Value, channels!.Value, samples);
            }

            offset += 8 + size + (size & 1);
        }

        throw new InvalidDataException($"{path} has no data chunk");
    }

    /// <summary>The largest absolute sample value in a time range (seconds), over all channels.</summary>
    public double Peak(double from = 0, double to = double.MaxValue)
    {
        var peak = 0.0;
        foreach (var sample in Range(from, to))
        {
            peak = Math.Max(peak, Math.Abs(sample));
        }

        return peak;
    }

    /// <summary>Root mean square over a time range (seconds), over all channels.</summary>
    public double Rms(double from = 0, double to = double.MaxValue)
    {
        var range = Range(from, to);
        var sum = 0.0;
        foreach (var sample in range)
        {
            sum += (double)sample * sample;
        }

        return range.Length == 0 ? 0 : Math.Sqrt(sum / range.Length);
    }

    /// <summary>
    /// The frequency with the most energy between <paramref name="low"/> and <paramref name="high"/> Hz in a
    /// time range, found by scanning a Hann-windowed Goertzel filter in 0.25 Hz steps over the mono mix.
    /// </summary>
    public double StrongestFrequency(double from, double to, double low, double high)
    {
        var frames = MonoMix(from, to);
        var window = new double[frames.Length];
        for (var i = 0; i < frames.Length; i++)
        {
            window[i] = frames[i] * (0.5 - 0.5 * Math.Cos(2 * Math.PI * i / (frames.Length - 1)));
        }

        var best = low;
        var bestPower = -1.0;
        for (var frequency = low; frequency <= high; frequency += 0.25)
        {
            var coefficient = 2 * Math.Cos(2 * Math.PI * frequency / SampleRate);
            double s1 = 0, s2 = 0;
            foreach (var x in window)
            {
                var s0 = x + coefficient * s1 - s2;
                s2 = s1;
                s1 = s0;
            }

            var power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
            if (power > bestPower)
            {
                bestPower = power;
                best = frequency;
            }
        }

        return best;
    }

    private ReadOnlySpan<float> Range(double from, double to)
    {
        var start = (int)Math.Min(Samples.Length, Math.Round(from * SampleRate) * Channels);
        var end = (int)Math.Min(Samples.Length, Math.Round(Math.Min(to, Seconds) * SampleRate) * Channels);
        return Samples.AsSpan(start, Math.Max(0, end - start));
    }

    private double[] MonoMix(double from, double to)
    {
        var range = Range(from, to);
        var mono = new double[range.Length / Channels];
        for (var frame = 0; frame < mono.Length; frame++)
        {
            for (var channel = 0; channel < Channels; channel++)
            {
                mono[frame] += range[frame * Channels + channel];
            }
        }

        return mono;
    }
}
