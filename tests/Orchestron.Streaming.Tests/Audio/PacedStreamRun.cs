using Orchestron.Csound;
using Orchestron.Streaming.Audio;
using Orchestron.Testing;

namespace Orchestron.Streaming.Tests.Audio;

/// <summary>
/// Runs a producer through spout -> stereo -> resampler -> ring -> frame buffer -> QueueAudioTrack on a
/// virtual clock that advances whenever the renderer has filled the queue to its lead (faster than real
/// time, never racing the renderer), and keeps every delivered frame for inspection.
/// </summary>
internal sealed class PacedStreamRun
{
    private PacedStreamRun(RecordingConsumer frames, int firstRendered, int renderedFrames, StreamingAudioStatistics statistics, PolyphaseResampler resampler, int frameLength)
    {
        Frames = frames;
        FirstRendered = firstRendered;
        RenderedFrames = renderedFrames;
        Statistics = statistics;
        Resampler = resampler;
        FrameLength = frameLength;
    }

    public RecordingConsumer Frames { get; }

    public int FirstRendered { get; }

    public int RenderedFrames { get; }

    /// <summary>The counters at the moment the last expected frame was delivered.</summary>
    public StreamingAudioStatistics Statistics { get; }

    public PolyphaseResampler Resampler { get; }

    public int FrameLength { get; }

    public static PacedStreamRun Run(StreamingAudioOptions options, CsoundAudioFormat format, int seconds, Action<ICsoundSpoutSink, CancellationToken> produce)
    {
        var framesWanted = seconds * StreamingAudioOptions.OutputSampleRate / options.FrameSamplesPerChannel;
        using var buffer = new AudioFrameQueue(options);
        var pipeline = new SpoutPipeline(buffer);
        var producerDone = 0;
        using var track = new QueueAudioTrack(buffer, new VirtualPacerClock(() => !buffer.WantsMoreAudio || Volatile.Read(ref producerDone) == 1));

        var statistics = default(StreamingAudioStatistics);
        using var enough = new ManualResetEventSlim();
        var consumer = new RecordingConsumer(options.FrameLength, framesWanted + 50);
        var counter = new RenderedCounter(consumer, framesWanted, () =>
        {
            statistics = buffer.Metrics.GetSnapshot();
            enough.Set();
        });
        track.AddConsumer(counter);

        Exception? producerFailure = null;
        using var stopping = new CancellationTokenSource();
        var producer = new Thread(() =>
        {
            try
            {
                pipeline.OnStarted(format);
                produce(pipeline, stopping.Token);
            }
            catch (Exception e)
            {
                producerFailure = e;
            }
            finally
            {
                Volatile.Write(ref producerDone, 1);
            }
        });

        track.Start();
        producer.Start();
        var delivered = enough.Wait(TimeSpan.FromMinutes(5));
        stopping.Cancel();
        producer.Join();
        track.Stop();

        Assert.Null(producerFailure);
        Assert.True(delivered, $"only {counter.Rendered} of {framesWanted} rendered frames arrived");
        return new PacedStreamRun(consumer, counter.FirstRendered, counter.Rendered, statistics, pipeline.Resampler!, options.FrameLength);
    }

    /// <summary>
    /// Asserts that no frame was dropped or missing and that the rendered audio, frame after frame, is the
    /// ideal sine (phase 0 at the first input sample) delayed by the resampler's filter delay to within the
    /// resampler's error bound (100 dB below the sine) in every sample of both channels.
    /// </summary>
    /// <returns>The largest deviation from the ideal sine.</returns>
    public double AssertOneContinuousSine(double frequency, double amplitude)
    {
        var delay = Resampler.DelayFrames;
        return AssertContinuousAndCompare(amplitude, n => amplitude * Math.Sin(2 * Math.PI * frequency * (n - delay) / 48000));
    }

    /// <summary>
    /// As <see cref="AssertOneContinuousSine"/>, for a source whose phase is not known: the sine's phase
    /// and amplitude are fitted (least squares) to the whole settled output first, and the amplitude must
    /// match <paramref name="amplitude"/>.
    /// </summary>
    /// <returns>The largest deviation from the fitted sine.</returns>
    public double AssertOneContinuousSineOfAnyPhase(double frequency, double amplitude)
    {
        var samplesPerFrame = FrameLength / 2;
        var settle = Settle;
        var left = new double[(RenderedFrames * samplesPerFrame) - settle];
        for (var k = 0; k < left.Length; k++)
        {
            var n = settle + k;
            left[k] = Frames.Frame(FirstRendered + (n / samplesPerFrame))[2 * (n % samplesPerFrame)];
        }

        var fit = SineFit.Fit(left, frequency, 48000);
        Assert.Equal(amplitude, fit.Amplitude, amplitude * 1e-4);
        Assert.True(Math.Abs(fit.Offset) < amplitude * 1e-5, $"the output has a DC offset of {fit.Offset:E2}");
        var w = 2 * Math.PI * frequency / 48000;
        return AssertContinuousAndCompare(amplitude, n => fit.Amplitude * Math.Sin((w * (n - settle)) + fit.Phase));
    }

    private int Settle => (int)Math.Ceiling(2 * Resampler.DelayFrames) + 1;

    private double AssertContinuousAndCompare(double amplitude, Func<long, double> ideal)
    {
        Assert.Equal(0, Statistics.Drops);
        Assert.Equal(0, Statistics.Underruns);
        Assert.Equal(0, Statistics.FlushedFrames);

        // The first output samples come from a filter still filling with the stream's first input.
        var samplesPerFrame = FrameLength / 2;
        var settle = Settle;
        var bound = amplitude * 1e-5;
        double worst = 0;
        for (var f = 0; f < RenderedFrames; f++)
        {
            var index = FirstRendered + f;
            Assert.False(Frames.IsSilent(index), $"frame {f} after the first rendered one is silent");
            Assert.Equal(index * (long)samplesPerFrame, Frames.Timestamp(index));
            var frame = Frames.Frame(index);
            for (var i = 0; i < samplesPerFrame; i++)
            {
                var n = ((long)f * samplesPerFrame) + i;
                if (n < settle)
                {
                    continue;
                }

                var expected = ideal(n);
                worst = Math.Max(worst, Math.Max(Math.Abs(frame[2 * i] - expected), Math.Abs(frame[(2 * i) + 1] - expected)));
            }
        }

        Assert.True(worst <= bound, $"a sample deviates from the ideal sine by {worst:E2} ({20 * Math.Log10(worst / amplitude):F1} dB)");
        Assert.True(RenderedFrames * samplesPerFrame > settle * 100, "too little audio was compared");
        return worst;
    }

    /// <summary>Passes frames to a recorder and counts rendered ones from the first on.</summary>
    private sealed class RenderedCounter(RecordingConsumer recorder, int wanted, Action onEnough) : IAudioFrameConsumer
    {
        public int FirstRendered { get; private set; } = -1;

        public int Rendered { get; private set; }

        public void OnFrame(ReadOnlySpan<float> interleavedStereo, long timestamp, bool isSilence)
        {
            if (Rendered >= wanted)
            {
                return;
            }

            if (FirstRendered < 0 && !isSilence)
            {
                FirstRendered = recorder.Count;
            }

            recorder.OnFrame(interleavedStereo, timestamp, isSilence);
            if (FirstRendered >= 0)
            {
                Rendered++;
                if (Rendered == wanted)
                {
                    onEnough();
                }
            }
        }
    }
}
