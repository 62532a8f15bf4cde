using Orchestron.Csound;
using Orchestron.Streaming.Audio;

namespace Orchestron.Streaming.Tests.Audio;

public sealed class PipelineSineEndToEndTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Theory]
    [InlineData(44100, 32, 10)]
    [InlineData(44100, 32, 20)]
    [InlineData(22050, 100, 10)]
    [InlineData(48000, 64, 20)]
    public void Sixty_seconds_of_a_sine_come_out_as_one_continuous_sine_with_no_drop_or_underrun(int sampleRate, int ksmps, int frameMs)
    {
        const double amplitude = 0.5;
        var run = PacedStreamRun.Run(
            new StreamingAudioOptions { FrameMs = frameMs, QueueFramesMax = 8, QueueFramesTarget = 3, FlushOnConnect = false },
            new CsoundAudioFormat(sampleRate, ksmps, 2, 1),
            seconds: 60,
            (pipeline, token) =>
            {
                var source = new SineBlockSource(1000, sampleRate, ksmps, 2, amplitude);
                var blocks = ((long)sampleRate * 60 / ksmps) + 1;
                for (long block = 0; block < blocks && !token.IsCancellationRequested; block++)
                {
                    pipeline.OnSpout(source.Next(), token);
                }
            });

        var worst = run.AssertOneContinuousSine(1000, amplitude);
        output.WriteLine($"{run.RenderedFrames} frames, largest deviation from the ideal sine {20 * Math.Log10(worst / amplitude):F1} dB");
    }

    [Fact]
    public void A_sine_of_unknown_phase_is_recognised_by_the_fitted_check()
    {
        const double amplitude = 0.25;
        var run = PacedStreamRun.Run(
            new StreamingAudioOptions { FrameMs = 20, QueueFramesMax = 4, QueueFramesTarget = 2, FlushOnConnect = false },
            new CsoundAudioFormat(44100, 32, 1, 1),
            seconds: 10,
            (pipeline, token) =>
            {
                var source = new SineBlockSource(1000, 44100, 32, 1, amplitude);
                for (long block = 0; block < (44100L * 10 / 32) + 1 && !token.IsCancellationRequested; block++)
                {
                    pipeline.OnSpout(source.Next(), token);
                }
            });

        var worst = run.AssertOneContinuousSineOfAnyPhase(1000, amplitude);
        output.WriteLine($"largest deviation from the fitted sine {20 * Math.Log10(worst / amplitude):F1} dB");
    }
}
