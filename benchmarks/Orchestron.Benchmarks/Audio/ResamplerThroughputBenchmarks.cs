using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Orchestron.Benchmarks.Baselines;

namespace Orchestron.Benchmarks.Audio;

/// <summary>
/// Streaming 44.1 to 48 kHz stereo conversion in 10 ms blocks: the Orchestron polyphase resampler (its
/// default 120 dB design, and the shorter 114 dB design whose THD+N is level with libsoxr HQ's) against
/// libsoxr (HQ, the baseline) and libspeexdsp (quality 10) on the same 1 kHz sine. Time is per input stereo frame, so stereo
/// frames per second = 1 / Mean; the THD+N column gives each one's quality on that signal.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Configuration))]
public class ResamplerThroughputBenchmarks
{
    private readonly Dictionary<string, IStereoResampler> _resamplers = [];
    private float[] _signal = [];
    private float[] _output = [];

    [GlobalSetup]
    public void Setup()
    {
        _signal = ResamplerContenders.TestSignal();
        _output = new float[ResamplerContenders.BlockFrames * 4];
        foreach (var name in new[] { ResamplerContenders.Soxr, ResamplerContenders.Speex, ResamplerContenders.Orchestron, ResamplerContenders.Orchestron114Db })
        {
            _resamplers[name] = ResamplerContenders.Create(name);
            Console.WriteLine($"// {name}: THD+N {ResamplerContenders.MeasureThdPlusNoiseDb(name):F1} dB");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var resampler in _resamplers.Values)
        {
            resampler.Dispose();
        }
    }

    /// <summary>libsoxr, HQ recipe.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = ResamplerContenders.InputRate)]
    public int LibSoxrHq() => ConvertOneSecond(_resamplers[ResamplerContenders.Soxr]);

    /// <summary>libspeexdsp, quality 10.</summary>
    [Benchmark(OperationsPerInvoke = ResamplerContenders.InputRate)]
    public int LibSpeexDspQuality10() => ConvertOneSecond(_resamplers[ResamplerContenders.Speex]);

    /// <summary>Orchestron's <c>PolyphaseResampler</c>, default (120 dB) design.</summary>
    [Benchmark(OperationsPerInvoke = ResamplerContenders.InputRate)]
    public int OrchestronPolyphase() => ConvertOneSecond(_resamplers[ResamplerContenders.Orchestron]);

    /// <summary>Orchestron's <c>PolyphaseResampler</c> designed for 114 dB, level with libsoxr HQ's THD+N.</summary>
    [Benchmark(OperationsPerInvoke = ResamplerContenders.InputRate)]
    public int OrchestronPolyphase114Db() => ConvertOneSecond(_resamplers[ResamplerContenders.Orchestron114Db]);

    /// <summary>One second of audio in 100 blocks of 441 frames.</summary>
    private int ConvertOneSecond(IStereoResampler resampler)
    {
        var produced = 0;
        for (var offset = 0; offset < _signal.Length; offset += ResamplerContenders.BlockFrames * 2)
        {
            produced += resampler.Process(_signal.AsSpan(offset, ResamplerContenders.BlockFrames * 2), _output);
        }

        return produced;
    }

    private sealed class Configuration : ManualConfig
    {
        public Configuration()
        {
            AddColumn(new ThdPlusNoiseColumn());
        }
    }
}
