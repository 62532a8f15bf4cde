using Orchestron.Streaming.Audio;

namespace Orchestron.Streaming.Tests.Engine;

public sealed class RenderJobNeedTests
{
    private static StreamingAudioOptions Options() =>
        new() { FrameMs = 20, QueueFramesMax = 8, QueueFramesTarget = 3, FlushOnConnect = false };

    [Fact]
    public void A_queue_below_its_lead_outranks_every_queue_that_only_deepens_while_nobody_listens()
    {
        using var listened = new AudioFrameQueue(Options());
        using var idle = new AudioFrameQueue(Options());
        var listenedJob = new StampedRenderJob(listened);
        var idleJob = new StampedRenderJob(idle);

        // One frame short of its lead, against an idle queue at its lead with five more frames of room.
        listened.Write(new float[2 * listened.FrameLength]);
        idle.Write(new float[3 * idle.FrameLength]);
        idle.BeginIdle();
        Assert.True(idleJob.Need > 0);
        Assert.True(listenedJob.Need > idleJob.Need, $"listened {listenedJob.Need}, idle {idleJob.Need}");

        // At its lead the listened queue wants nothing more; the idle one still wants its capacity.
        listened.Write(new float[listened.FrameLength]);
        Assert.True(listenedJob.Need <= 0);
        idle.Write(new float[4 * idle.FrameLength]);
        Assert.True(idleJob.Need > 0);
        idle.Write(new float[idle.FrameLength]);
        Assert.True(idleJob.Need <= 0);

        // Someone listens again: the backlog beyond the lead is flushed and the queue wants no more than its lead.
        Assert.Equal(5, idle.EndIdle());
        Assert.Equal(3, idle.QueuedFrames);
        Assert.True(idleJob.Need <= 0);
        Assert.False(idle.WantsMoreAudio);
    }
}
