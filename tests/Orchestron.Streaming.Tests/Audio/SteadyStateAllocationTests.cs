using System.Diagnostics.Metrics;
using Orchestron.Csound;
using Orchestron.Streaming.Audio;
using Orchestron.Testing.Allocation;

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
        using var buffer = new AudioFrameQueue(options, metrics);
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
        var producerAllocations = new AllocationTally();
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
                    var measured = block >= firstMeasuredBlock && block < firstMeasuredBlock + blocksPerMeasuredStretch;
                    var stretch = measured ? AllocationStretch.Begin() : default;
                    pipeline.OnSpout(source.Next(), stopping.Token);
                    producerAllocations.End(stretch);
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
        Assert.True(producerAllocations.Bytes == 0 && producerAllocations.HasEnoughReadings, $"producer: {producerAllocations.Describe()}");
        Assert.True(pacer.Allocations.Bytes == 0 && pacer.Allocations.HasEnoughReadings, $"pacer: {pacer.Allocations.Describe()}");
        Assert.Equal(0, pacer.SilentFramesMeasured);
        Assert.True(Interlocked.Read(ref framesSentMeasured) >= WarmUpFrames + MeasuredFrames);
        var statistics = metrics.GetSnapshot();
        Assert.Equal(0, statistics.Drops);
        Assert.True(statistics.FramesSent >= WarmUpFrames + MeasuredFrames);
    }

    /// <summary>Counts what the pacer thread allocates from one delivered frame to the next, between two frame counts.</summary>
    private sealed class AllocationProbe(int firstFrame, int lastFrame) : IAudioFrameConsumer
    {
        private int _frames;
        private AllocationStretch _sinceLastFrame;

        public ManualResetEventSlim Done { get; } = new();

        public AllocationTally Allocations { get; } = new();

        public int SilentFramesMeasured { get; private set; }

        public void OnFrame(ReadOnlySpan<float> interleavedStereo, long timestamp, bool isSilence)
        {
            _frames++;
            if (_frames > firstFrame && _frames <= lastFrame)
            {
                Allocations.End(_sinceLastFrame);
                SilentFramesMeasured += isSilence ? 1 : 0;
            }

            if (_frames == lastFrame)
            {
                Done.Set();
            }

            _sinceLastFrame = AllocationStretch.Begin();
        }
    }
}
