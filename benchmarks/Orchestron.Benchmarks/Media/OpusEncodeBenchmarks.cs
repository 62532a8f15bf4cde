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
        var samples = _encoder.SamplesPerChannel;

        // One second of a two-tone signal, cycled, so the encoder sees changing audio rather than one repeated frame.
        _frames = new float[48_000 / samples][];
        for (var f = 0; f < _frames.Length; f++)
        {
            _frames[f] = new float[samples * 2];
            for (var i = 0; i < samples; i++)
            {
                var t = ((f * samples) + i) / 48_000f;
                _frames[f][2 * i] = 0.4f * MathF.Sin(2 * MathF.PI * 440 * t);
                _frames[f][(2 * i) + 1] = 0.4f * MathF.Sin(2 * MathF.PI * 660 * t);
            }
        }
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
