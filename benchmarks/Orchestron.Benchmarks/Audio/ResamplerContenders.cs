using Orchestron.Benchmarks.Baselines;
using Orchestron.Streaming.Audio;
using Orchestron.Testing;

namespace Orchestron.Benchmarks.Audio;

/// <summary>The resamplers compared, the shared test signal, and each one's THD+N on it.</summary>
internal static class ResamplerContenders
{
    public const int InputRate = 44100;
    public const int OutputRate = 48000;
    public const int BlockFrames = 441;
    public const double ToneHz = 1000;
    public static readonly double Amplitude = Math.Pow(10, -1 / 20.0);

    public const string Orchestron = "Orchestron";
    public const string Orchestron114Db = "Orchestron 114 dB";
    public const string Soxr = "libsoxr HQ";
    public const string Speex = "libspeexdsp q10";

    /// <summary>The shorter design whose THD+N on the test signal is level with libsoxr HQ's (-134.4 against -133.9 dB).</summary>
    public const double SoxrLevelAttenuationDb = 114;

    public static IStereoResampler Create(string name) => name switch
    {
        Orchestron => new OrchestronResampler(new PolyphaseResampler(InputRate, OutputRate)),
        Orchestron114Db => new OrchestronResampler(new PolyphaseResampler(InputRate, OutputRate, SoxrLevelAttenuationDb)),
        Soxr => new SoxrResampler(InputRate, OutputRate),
        Speex => new SpeexResampler(InputRate, OutputRate, 10),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown resampler."),
    };

    /// <summary>One second of a 1 kHz sine at -1 dBFS, interleaved stereo at 44.1 kHz.</summary>
    public static float[] TestSignal()
    {
        var samples = new float[InputRate * 2];
        for (var n = 0; n < InputRate; n++)
        {
            var cycles = (long)ToneHz * n % InputRate;
            samples[2 * n] = samples[(2 * n) + 1] = (float)(Amplitude * Math.Sin(2 * Math.PI * cycles / InputRate));
        }

        return samples;
    }

    /// <summary>Runs two seconds of the test signal through a fresh instance in 10 ms blocks and measures the left channel of the second.</summary>
    public static double MeasureThdPlusNoiseDb(string name)
    {
        using var resampler = Create(name);
        var signal = TestSignal();
        var output = new List<float>();
        var block = new float[BlockFrames * 4];
        for (var pass = 0; pass < 2; pass++)
        {
            for (var offset = 0; offset < signal.Length; offset += BlockFrames * 2)
            {
                var produced = resampler.Process(signal.AsSpan(offset, BlockFrames * 2), block);
                output.AddRange(block.AsSpan(0, produced * 2));
            }
        }

        // Analyse half a second well after every filter's start-up, at a whole number of cycles.
        var left = new double[OutputRate / 2];
        var start = OutputRate;
        for (var i = 0; i < left.Length; i++)
        {
            left[i] = output[2 * (start + i)];
        }

        return SineFit.Fit(left, ToneHz, OutputRate).ThdPlusNoiseDb;
    }

    private sealed class OrchestronResampler(PolyphaseResampler resampler) : IStereoResampler
    {
        private readonly PolyphaseResampler _resampler = resampler;

        public int Process(ReadOnlySpan<float> input, Span<float> output) => _resampler.Process(input, output);

        public void Dispose()
        {
        }
    }
}
