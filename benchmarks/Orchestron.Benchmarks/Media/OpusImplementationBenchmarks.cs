using BenchmarkDotNet.Attributes;
using Orchestron.WebRtc.Opus;

namespace Orchestron.Benchmarks.Media;

/// <summary>
/// The two encoders behind <see cref="IOpusEncoder"/> on the same 48 kHz stereo two-tone signal with the default options
/// (128 kbit/s, complexity 9, FEC): the managed Concentus port (the baseline) against the native libopus. Time and
/// allocation are per frame; a frame's budget is its own duration, so Mean / 10 or 20 ms is the share of one core.
/// </summary>
[MemoryDiagnoser]
// A shared build machine is noisy; more iterations than ShortRun keep the ratios steady while the run stays short.
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class OpusImplementationBenchmarks
{
    private readonly byte[] _packet = new byte[OpusEncoder.MaxPacketSize];
    private float[][] _frames = [];
    private IOpusEncoder _managed = null!;
    private IOpusEncoder _native = null!;
    private int _nextManaged;
    private int _nextNative;

    [Params(OpusFrameDuration.TenMilliseconds, OpusFrameDuration.TwentyMilliseconds)]
    public OpusFrameDuration Duration { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _managed = OpusEncoderFactory.Create(new OpusEncoderOptions { FrameDuration = Duration, Implementation = OpusImplementation.Managed });
        _native = OpusEncoderFactory.Create(new OpusEncoderOptions { FrameDuration = Duration, Implementation = OpusImplementation.Native });
        _frames = TwoToneFrames.Create(_native.SamplesPerChannel);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _managed.Dispose();
        _native.Dispose();
    }

    /// <summary>Concentus, the managed port.</summary>
    [Benchmark(Baseline = true)]
    public int Concentus() => Encode(_managed, ref _nextManaged);

    /// <summary>libopus through [LibraryImport].</summary>
    [Benchmark]
    public int Libopus() => Encode(_native, ref _nextNative);

    private int Encode(IOpusEncoder encoder, ref int next)
    {
        var frame = _frames[next];
        next = next + 1 == _frames.Length ? 0 : next + 1;
        return encoder.Encode(frame, _packet);
    }
}
