using BenchmarkDotNet.Attributes;
using Orchestron.WebRtc.Opus;

namespace Orchestron.Benchmarks.Media;

/// <summary>The once-per-session cost of encoding one stereo frame of a tone, at each frame duration.</summary>
[MemoryDiagnoser]
public class OpusEncodeBenchmarks
{
    private readonly byte[] _packet = new byte[OpusEncoder.MaxPacketSize];
    private float[][] _frames = [];
    private OpusEncoder _encoder = null!;
    private int _next;

    [Params(OpusFrameDuration.TenMilliseconds, OpusFrameDuration.TwentyMilliseconds)]
    public OpusFrameDuration Duration { get; set; }

    [Params(5, 9)]
    public int Complexity { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _encoder = new OpusEncoder(new OpusEncoderOptions { FrameDuration = Duration, Complexity = Complexity, Bitrate = 128_000 });
        _frames = TwoToneFrames.Create(_encoder.SamplesPerChannel);
    }

    [GlobalCleanup]
    public void Cleanup() => _encoder.Dispose();

    [Benchmark]
    public int EncodeFrame()
    {
        var frame = _frames[_next];
        _next = _next + 1 == _frames.Length ? 0 : _next + 1;
        return _encoder.Encode(frame, _packet);
    }
}
