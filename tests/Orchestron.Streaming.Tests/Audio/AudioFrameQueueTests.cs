using Orchestron.Streaming.Audio;

namespace Orchestron.Streaming.Tests.Audio;

public sealed class AudioFrameQueueTests
{
    private static StreamingAudioOptions Options(int max, int target, int frameMs = 10, bool flush = false, int keep = 0) =>
        new() { FrameMs = frameMs, QueueFramesMax = max, QueueFramesTarget = target, FlushOnConnect = flush, StartupKeepFrames = keep };

    private static float[] Frames(int count, int frameLength, int firstValue = 0)
    {
        var samples = new float[count * frameLength];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = firstValue + (i / frameLength);
        }

        return samples;
    }

    [Fact]
    public void Blocks_of_any_size_are_cut_into_whole_frames_in_order()
    {
        using var buffer = new AudioFrameQueue(Options(max: 4, target: 4));
        var stream = Enumerable.Range(0, 3 * 960).Select(i => (float)i).ToArray();
        var frame = new float[960];
        var written = 0;
        foreach (var size in new[] { 2, 70, 888, 2, 998, 920 })
        {
            written += buffer.Write(stream.AsSpan(written, size));
        }

        Assert.Equal(3 * 960, written);
        for (var f = 0; f < 3; f++)
        {
            Assert.True(buffer.TryReadFrame(frame));
            Assert.Equal(stream.AsSpan(f * 960, 960).ToArray(), frame);
        }

        Assert.False(buffer.TryReadFrame(frame));
        Assert.Equal(0, buffer.Metrics.GetSnapshot().Drops);
    }

    [Fact]
    public void A_partial_frame_is_not_read_until_it_is_complete()
    {
        using var buffer = new AudioFrameQueue(Options(max: 2, target: 2));
        var frame = new float[960];
        buffer.Write(new float[958]);
        Assert.False(buffer.TryReadFrame(frame));
        buffer.Write([7f, 8f]);
        Assert.True(buffer.TryReadFrame(frame));
        Assert.Equal(8f, frame[^1]);
    }

    [Fact]
    public void Stale_frames_beyond_the_target_are_dropped_oldest_first_and_counted()
    {
        using var buffer = new AudioFrameQueue(Options(max: 8, target: 2));
        buffer.Write(Frames(5, 960));
        var frame = new float[960];
        Assert.True(buffer.TryReadFrame(frame));
        Assert.Equal(3f, frame[0]);
        Assert.Equal(3, buffer.Metrics.GetSnapshot().Drops);
        Assert.True(buffer.TryReadFrame(frame));
        Assert.Equal(4f, frame[0]);
        Assert.False(buffer.TryReadFrame(frame));
    }

    [Fact]
    public void Audio_beyond_the_capacity_is_dropped_on_arrival_and_counted()
    {
        using var buffer = new AudioFrameQueue(Options(max: 2, target: 2));
        Assert.Equal(2 * 960, buffer.Write(Frames(3, 960)));
        Assert.Equal(1, buffer.Metrics.GetSnapshot().Drops);
        Assert.Equal(2, buffer.QueuedFrames);
    }

    [Fact]
    public void Flushing_the_backlog_keeps_the_newest_frames_and_counts_the_rest()
    {
        using var buffer = new AudioFrameQueue(Options(max: 8, target: 8, keep: 2));
        buffer.Write(Frames(6, 960));
        Assert.Equal(4, buffer.FlushBacklog(2));
        var frame = new float[960];
        Assert.True(buffer.TryReadFrame(frame));
        Assert.Equal(4f, frame[0]);
        Assert.Equal(4, buffer.Metrics.GetSnapshot().FlushedFrames);
        Assert.Equal(0, buffer.FlushBacklog(2));
    }

    [Fact]
    public async Task A_paced_writer_waits_at_its_lead_and_resumes_when_a_frame_is_taken()
    {
        using var buffer = new AudioFrameQueue(Options(max: 4, target: 2));
        var block = Frames(4, 960);
        var writer = Task.Factory.StartNew(() => buffer.WriteWhenReady(block, CancellationToken.None), TaskCreationOptions.LongRunning);

        // The writer fills to just under one frame past its lead of two frames, then waits.
        SpinWait.SpinUntil(() => buffer.QueuedSamples == (3 * 960) - 2);
        Assert.False(writer.IsCompleted);
        Assert.False(buffer.WantsMoreAudio);

        var frame = new float[960];
        var taken = new List<float>();
        while (!writer.IsCompleted || buffer.QueuedFrames > 0)
        {
            if (buffer.TryReadFrame(frame))
            {
                taken.Add(frame[0]);
                Assert.InRange(buffer.QueuedFrames, 0, 2);
            }
        }

        Assert.True(await writer);
        Assert.Equal([0f, 1f, 2f, 3f], taken);
        Assert.Equal(0, buffer.Metrics.GetSnapshot().Drops);
    }

    [Fact]
    public async Task A_paced_write_gives_up_when_cancelled()
    {
        using var buffer = new AudioFrameQueue(Options(max: 2, target: 1));
        using var cancellation = new CancellationTokenSource();
        var writer = Task.Factory.StartNew(() => buffer.WriteWhenReady(Frames(4, 960), cancellation.Token), TaskCreationOptions.LongRunning);
        SpinWait.SpinUntil(() => buffer.QueuedFrames >= 1);
        cancellation.Cancel();
        Assert.False(await writer);
    }

    [Fact]
    public void Bad_arguments_fail_with_messages_that_name_the_problem()
    {
        Assert.Throws<ArgumentException>(() => new AudioFrameQueue(Options(max: 0, target: 1)));
        using var buffer = new AudioFrameQueue(Options(max: 2, target: 1));
        Assert.Contains("odd", Assert.Throws<ArgumentException>(() => buffer.Write(new float[3])).Message, StringComparison.Ordinal);
        Assert.Contains("a frame needs 960", Assert.Throws<ArgumentException>(() => buffer.TryReadFrame(new float[10])).Message, StringComparison.Ordinal);
    }
}
