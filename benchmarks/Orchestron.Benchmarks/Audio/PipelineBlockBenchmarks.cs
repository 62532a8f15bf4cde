using BenchmarkDotNet.Attributes;
using Orchestron.Csound;
using Orchestron.Streaming.Audio;

namespace Orchestron.Benchmarks.Audio;

/// <summary>
/// The per-control-period cost of the render side: one ksmps block (32 frames of stereo at 44.1 kHz) through
/// stereo conversion, resampling and the queue, and the pacer's take of a frame whenever one is complete.
/// Allocated bytes must be 0.
/// </summary>
[MemoryDiagnoser]
public class PipelineBlockBenchmarks
{
    private const int Ksmps = 32;
    private AudioFrameQueue _buffer = null!;
    private SpoutPipeline _pipeline = null!;
    private double[] _block = [];
    private float[] _frame = [];

    [GlobalSetup]
    public void Setup()
    {
        _buffer = new AudioFrameQueue(new StreamingAudioOptions { FrameMs = 10, QueueFramesMax = 8, QueueFramesTarget = 8 });
        _pipeline = new SpoutPipeline(_buffer);
        _pipeline.OnStarted(new CsoundAudioFormat(44100, Ksmps, 2, 1));
        _block = new double[Ksmps * 2];
        for (var i = 0; i < _block.Length; i++)
        {
            _block[i] = Math.Sin(i * 0.1) * 0.5;
        }

        _frame = new float[_buffer.FrameLength];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _buffer.Dispose();
        _buffer.Metrics.Dispose();
    }

    /// <summary>Push one spout block, then pull a frame if one is complete (about one block in 14).</summary>
    [Benchmark]
    public bool PushBlockPullFrame()
    {
        _pipeline.OnSpout(_block, CancellationToken.None);
        return _buffer.TryReadFrame(_frame);
    }

    /// <summary>Push the 14 blocks that make up one 10 ms frame at 44.1 kHz and pull that frame.</summary>
    [Benchmark(Baseline = true)]
    public int PushBlocksPullOneFrame()
    {
        var frames = 0;
        while (frames == 0)
        {
            _pipeline.OnSpout(_block, CancellationToken.None);
            frames += _buffer.TryReadFrame(_frame) ? 1 : 0;
        }

        return frames;
    }
}
