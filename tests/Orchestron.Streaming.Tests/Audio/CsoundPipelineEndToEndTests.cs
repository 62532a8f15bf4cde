using Orchestron.Csound;
using Orchestron.Streaming.Audio;
using Orchestron.Testing;
using Xunit.Abstractions;

namespace Orchestron.Streaming.Tests.Audio;

/// <summary>Real libcsound rendering through the whole streaming audio path.</summary>
public sealed class CsoundPipelineEndToEndTests(ITestOutputHelper output)
{
    [Fact]
    public void Sixty_seconds_of_a_csound_1_kHz_sine_stream_with_no_drop_or_underrun_as_one_continuous_sine()
    {
        using var instance = new CsoundInstance(CsoundInstanceOptions.Headless());
        instance.CompileCsdText(TestInstruments.Sine(1000, seconds: 75));
        instance.Start();
        Assert.Equal(new CsoundAudioFormat(44100, 32, 2, 1), instance.Format);

        CsoundPerformanceResult? result = null;
        var run = PacedStreamRun.Run(
            new StreamingAudioOptions { FrameMs = 10, QueueFramesMax = 8, QueueFramesTarget = 3, FlushOnConnect = false },
            instance.Format,
            seconds: 60,
            (sink, token) =>
            {
                // The performer is the render thread: it blocks in the sink while the queue holds its lead.
                var performer = new CsoundPerformer(instance, new CsoundPerformerOptions { Mode = CsoundPerformanceMode.Streaming }, sink);
                performer.Start();
                token.WaitHandle.WaitOne();
                result = performer.StopAsync().GetAwaiter().GetResult();
                performer.DisposeAsync().AsTask().GetAwaiter().GetResult();
            });

        Assert.NotNull(result);
        Assert.Equal(CsoundPerformanceOutcome.Stopped, result.Outcome);
        Assert.Null(result.Error);
        var worst = run.AssertOneContinuousSine(1000, 0.5);
        output.WriteLine($"{run.RenderedFrames} frames; largest deviation from the ideal sine {20 * Math.Log10(worst / 0.5):F1} dB");
    }
}
