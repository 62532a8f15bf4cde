using Orchestron.Streaming.Audio;
using Orchestron.Streaming.Sandbox;

namespace Orchestron.Streaming.Tests.Audio;

/// <summary>
/// A render lead in milliseconds below a frame: the queue keeps the lead's whole frames, shuts the next frame's
/// render window when the pacer takes a frame and opens it when the pacer says, the lead before the frame is due.
/// </summary>
public sealed class RenderLeadTests
{
    private static StreamingAudioOptions Options(double leadMs, double frameMs = 5) =>
        new() { FrameMs = frameMs, QueueFramesMax = 4, QueueFramesTarget = 1, RenderLeadMs = leadMs, FlushOnConnect = false, StartupKeepFrames = 0 };

    [Theory]
    [InlineData(2, 1, 96, 0)]
    [InlineData(7, 2, 96, 1)]
    [InlineData(10, 2, 0, 2)]
    [InlineData(0.25, 1, 12, 0)]
    public void The_lead_splits_into_whole_frames_and_a_window(double leadMs, int leadFrames, int windowSamples, int framesWhileShut)
    {
        using var queue = new AudioFrameQueue(Options(leadMs));
        var frame = new float[queue.FrameLength];

        Assert.Equal(leadFrames, queue.RenderLeadFrames);
        Assert.Equal(windowSamples, queue.RenderWindowSamples);
        for (var i = 0; i < leadFrames; i++)
        {
            Assert.True(queue.WantsMoreAudio);
            queue.Write(frame);
        }

        Assert.False(queue.WantsMoreAudio);
        Assert.True(queue.TryReadFrame(frame));

        // Taken: the window is shut, so the renderer keeps only the whole frames (none at a lead below one frame);
        // a lead of whole frames has no window and wants the next frame at once.
        Assert.Equal(windowSamples == 0, queue.WantsMoreAudio);
        Assert.Equal(framesWhileShut * queue.FrameLength, queue.LeadNowSamples);
        queue.OpenRenderWindow();
        Assert.True(queue.WantsMoreAudio);
        Assert.Equal(leadFrames * queue.FrameLength, queue.LeadNowSamples);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(15.5)]
    [InlineData(double.NaN)]
    public void A_lead_outside_its_range_is_refused_by_name(double leadMs)
    {
        var options = Options(leadMs);

        var error = Assert.Single(options.GetValidationErrors());
        Assert.Equal(nameof(StreamingAudioOptions.RenderLeadMs), error.OptionName);
        Assert.Contains("0.25 ms to QueueFramesMax (4) frames less one (15 ms at 5 ms frames)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_pacer_opens_each_window_the_lead_before_the_frame_is_due_and_nothing_underruns()
    {
        const int frames = 200;
        using var queue = new AudioFrameQueue(Options(2));
        var clock = new VirtualPacerClock(() => !queue.WantsMoreAudio);
        var delivered = new List<long>();
        var consumer = new RecordingConsumer(queue.FrameLength, frames) { AfterFrame = _ => delivered.Add(clock.GetTimestamp()) };
        var written = new List<long>();
        using var track = new QueueAudioTrack(queue, clock);
        track.AddConsumer(consumer);
        using var stop = new CancellationTokenSource();
        var renderer = new Thread(() =>
        {
            // A renderer that renders at once whenever the queue wants audio; virtual time stands still meanwhile.
            var frame = new float[queue.FrameLength];
            while (!stop.IsCancellationRequested)
            {
                if (queue.WantsMoreAudio)
                {
                    written.Add(clock.GetTimestamp());
                    queue.Write(frame);
                }
                else
                {
                    Thread.Yield();
                }
            }
        });
        renderer.Start();
        track.Start();
        Assert.True(consumer.Full.Wait(TimeSpan.FromSeconds(30)));
        track.Stop();
        stop.Cancel();
        renderer.Join();

        // How many frames the renderer wrote before the pacer's first take depends on which thread started first (the
        // window is open until then): count from the first frame written after the first delivery.
        var offset = written.FindIndex(time => time > delivered[0]) - 1;
        Assert.InRange(offset, 0, 2);

        // From then on each frame was rendered when its window opened, 2 ms (2,000,000 virtual ns) before it was delivered.
        var leads = Enumerable.Range(1, frames - 2).Select(k => delivered[k] - written[k + offset]).ToArray();
        Assert.All(leads, lead => Assert.Equal(2_000_000, lead));
        Assert.Equal(0, queue.Metrics.GetSnapshot().Underruns);
    }

    [Fact]
    public void A_track_started_again_after_a_stop_opens_the_first_frames_window()
    {
        using var queue = new AudioFrameQueue(Options(2));
        var frame = new float[queue.FrameLength];
        queue.Write(frame);
        // The last frame taken before a stop shuts the window: a 2 ms lead on 5 ms frames keeps no whole frame then.
        Assert.True(queue.TryReadFrame(frame));
        Assert.False(queue.WantsMoreAudio);

        // Time stands still: the pacer takes nothing while the test looks.
        using var track = new QueueAudioTrack(queue, new VirtualPacerClock(() => false, TimeSpan.FromSeconds(30)));
        track.Start();

        // The scheduler counts the first frame's window as open; so does the queue, or the first frame would be silence.
        Assert.True(queue.WantsMoreAudio);
        track.Stop();
    }

    [Fact]
    public void A_worker_in_another_process_reads_the_lead_in_force_from_the_region()
    {
        var path = Path.Combine(Path.GetTempPath(), $"orchestron-lead-{Guid.NewGuid():N}");
        try
        {
            using var region = SharedAudioQueue.CreateRegion(path, Options(2));
            using var queue = SharedAudioQueue.CreateConsumerQueue(region);
            using var worker = SharedAudioRegion.Open(path);
            var producer = new SharedAudioProducer(worker);
            var frame = new float[queue.FrameLength];

            Assert.Equal(2.0, SharedAudioQueue.OptionsOf(worker).RenderLeadMs);
            Assert.Equal(queue.FrameLength, worker.LeadNowFloats);
            Assert.True(producer.WriteWhenReady(frame, CancellationToken.None));
            Assert.True(queue.TryReadFrame(frame));
            Assert.Equal(0, worker.LeadNowFloats);

            // Shut: the producer waits (it would block, so it is cancelled); opened: it writes at once.
            using (var soon = new CancellationTokenSource(TimeSpan.FromMilliseconds(200)))
            {
                Assert.False(producer.WriteWhenReady(frame, soon.Token));
            }

            queue.OpenRenderWindow();
            Assert.Equal(queue.FrameLength, worker.LeadNowFloats);
            Assert.True(producer.WriteWhenReady(frame, CancellationToken.None));
            Assert.Equal(1, queue.QueuedFrames);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
