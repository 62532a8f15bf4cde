using System.Diagnostics.Metrics;
using Orchestron.Csound;
using Orchestron.Streaming.Audio;

namespace Orchestron.Streaming.Tests.Audio;

public sealed class SteadyStateAllocationTests
{
    private const int WarmUpFrames = 300;
    private const int MeasuredFrames = 10_000;

    [Fact]
    public void Ten_thousand_frames_allocate_nothing_on_the_render_thread_or_the_pacer_thread()
    {
        var options = new StreamingAudioOptions { FrameMs = 10, QueueFramesMax = 8, QueueFramesTarget = 3, FlushOnConnect = false };
        using var metrics = new StreamingAudioMetrics();
        using var buffer = new AudioFrameBuffer(options, metrics);
        var pipeline = new SpoutPipeline(buffer);
        var producerDone = 0;
        using var track = new QueueAudioTrack(buffer, new VirtualPacerClock(() => !buffer.WantsMoreAudio || Volatile.Read(ref producerDone) == 1));

        // Listening to the instruments exercises the recording path a monitoring host would use.
        long framesSentMeasured = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == metrics.Meter)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "orchestron.audio.frames_sent")
            {
                Interlocked.Add(ref framesSentMeasured, value);
            }
        });
        listener.SetMeasurementEventCallback<double>((_, _, _, _) => { });
        listener.Start();

        var pacer = new AllocationProbe(WarmUpFrames, WarmUpFrames + MeasuredFrames);
        track.AddConsumer(pacer);

        const int ksmps = 32;
        var blocksPerMeasuredStretch = (int)((long)MeasuredFrames * 480 * 44100 / 48000 / ksmps) + 1;
        var firstMeasuredBlock = (int)((WarmUpFrames + 100) * 480L * 44100 / 48000 / ksmps);
        long producerBefore = -1, producerAfter = -2;
        Exception? producerFailure = null;
        using var stopping = new CancellationTokenSource();
        var producer = new Thread(() =>
        {
            try
            {
                var source = new SineBlockSource(1000, 44100, ksmps, 2, 0.5);
                pipeline.OnStarted(new CsoundAudioFormat(44100, ksmps, 2, 1));
                for (var block = 0; block < firstMeasuredBlock + blocksPerMeasuredStretch + 2000; block++)
                {
                    if (block == firstMeasuredBlock)
                    {
                        producerBefore = GC.GetAllocatedBytesForCurrentThread();
                    }

                    pipeline.OnSpout(source.Next(), stopping.Token);
                    if (block == firstMeasuredBlock + blocksPerMeasuredStretch)
                    {
                        producerAfter = GC.GetAllocatedBytesForCurrentThread();
                    }
                }
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
        Assert.True(pacer.Done.Wait(TimeSpan.FromMinutes(5)), "the pacer did not deliver the frames in time");
        producer.Join();
        track.Stop();

        Assert.Null(producerFailure);
        Assert.True(producerBefore > 0, "the producer's steady state was not measured");
        Assert.Equal(producerBefore, producerAfter);
        Assert.Equal(0, pacer.AllocatedBytes);
        Assert.Equal(0, pacer.SilentFramesMeasured);
        Assert.True(Interlocked.Read(ref framesSentMeasured) >= WarmUpFrames + MeasuredFrames);
        var statistics = metrics.GetSnapshot();
        Assert.Equal(0, statistics.Drops);
        Assert.True(statistics.FramesSent >= WarmUpFrames + MeasuredFrames);
    }

    /// <summary>Reads the pacer thread's allocation counter at two frame counts.</summary>
    private sealed class AllocationProbe(int firstFrame, int lastFrame) : IAudioFrameConsumer
    {
        private int _frames;
        private long _before;

        public ManualResetEventSlim Done { get; } = new();

        public long AllocatedBytes { get; private set; } = -1;

        public int SilentFramesMeasured { get; private set; }

        public void OnFrame(ReadOnlySpan<float> interleavedStereo, long timestamp, bool isSilence)
        {
            _frames++;
            if (_frames == firstFrame)
            {
                _before = GC.GetAllocatedBytesForCurrentThread();
            }
            else if (_frames > firstFrame && _frames <= lastFrame && isSilence)
            {
                SilentFramesMeasured++;
            }

            if (_frames == lastFrame)
            {
                AllocatedBytes = GC.GetAllocatedBytesForCurrentThread() - _before;
                Done.Set();
            }
        }
    }
}
