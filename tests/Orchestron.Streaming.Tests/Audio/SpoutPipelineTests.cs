using Orchestron.Csound;
using Orchestron.Streaming.Audio;

namespace Orchestron.Streaming.Tests.Audio;

public sealed class SpoutPipelineTests
{
    private static AudioFrameQueue NewBuffer() => new(new StreamingAudioOptions { FrameMs = 10, QueueFramesMax = 8, QueueFramesTarget = 8 });

    [Fact]
    public void A_block_is_converted_resampled_and_queued_at_48_kHz()
    {
        using var buffer = NewBuffer();
        var pipeline = new SpoutPipeline(buffer);
        pipeline.OnStarted(new CsoundAudioFormat(44100, 147, 1, 32768));
        Assert.Equal(44100, pipeline.Resampler!.InputRate);

        // 147 input frames are exactly 160 output frames; over 3 blocks nothing is lost to rounding.
        var block = Enumerable.Repeat(16384.0, 147).ToArray();
        for (var i = 0; i < 3; i++)
        {
            pipeline.OnSpout(block, CancellationToken.None);
        }

        Assert.Equal(480, pipeline.FramesQueued);
        Assert.Equal(960, buffer.QueuedSamples);
        var frame = new float[960];
        Assert.True(buffer.TryReadFrame(frame));

        // Mono at half of 0 dBFS comes out on both channels at 0.5 once the filter has filled.
        Assert.Equal(0.5f, frame[^2], 1e-5f);
        Assert.Equal(0.5f, frame[^1], 1e-5f);
    }

    [Fact]
    public void Equal_rates_queue_the_converted_block_unchanged()
    {
        using var buffer = NewBuffer();
        var pipeline = new SpoutPipeline(buffer);
        pipeline.OnStarted(new CsoundAudioFormat(48000, 480, 2, 1));
        var block = Enumerable.Range(0, 960).Select(i => i / 1000.0).ToArray();
        pipeline.OnSpout(block, CancellationToken.None);
        var frame = new float[960];
        Assert.True(buffer.TryReadFrame(frame));
        Assert.Equal(block.Select(x => (float)x), frame);
    }

    [Theory]
    [InlineData(44100.5, 32, 2, 1.0, "sample rate (sr)")]
    [InlineData(0.0, 32, 2, 1.0, "sample rate (sr)")]
    [InlineData(44100.0, 0, 2, 1.0, "control period (ksmps)")]
    [InlineData(44100.0, 32, 0, 1.0, "output channel count (nchnls)")]
    [InlineData(44100.0, 32, 2, 0.0, "full-scale value (0dbfs)")]
    [InlineData(44101.0, 32, 2, 1.0, "filter phases")]
    public void A_format_it_cannot_stream_is_rejected_by_name(double sr, int ksmps, int channels, double zeroDbfs, string named)
    {
        using var buffer = NewBuffer();
        var pipeline = new SpoutPipeline(buffer);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => pipeline.OnStarted(new CsoundAudioFormat(sr, ksmps, channels, zeroDbfs)));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Blocks_before_the_start_or_of_the_wrong_length_are_rejected()
    {
        using var buffer = NewBuffer();
        var pipeline = new SpoutPipeline(buffer);
        Assert.Throws<InvalidOperationException>(() => pipeline.OnSpout(new double[64], CancellationToken.None));
        pipeline.OnStarted(new CsoundAudioFormat(44100, 32, 2, 1));
        var error = Assert.Throws<ArgumentException>(() => pipeline.OnSpout(new double[63], CancellationToken.None));
        Assert.Contains("ksmps 32 x nchnls 2 = 64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cancelled_render_thread_is_released_from_the_back_pressure_wait()
    {
        using var buffer = new AudioFrameQueue(new StreamingAudioOptions { FrameMs = 10, QueueFramesMax = 2, QueueFramesTarget = 1 });
        var pipeline = new SpoutPipeline(buffer);
        pipeline.OnStarted(new CsoundAudioFormat(48000, 480, 2, 1));
        using var cancellation = new CancellationTokenSource();
        var block = new double[960];
        var renderer = new Thread(() =>
        {
            while (!cancellation.IsCancellationRequested)
            {
                pipeline.OnSpout(block, cancellation.Token);
            }
        });
        renderer.Start();
        SpinWait.SpinUntil(() => !buffer.WantsMoreAudio);
        cancellation.Cancel();
        renderer.Join();
        Assert.InRange(buffer.QueuedFrames, 1, 2);
    }
}
