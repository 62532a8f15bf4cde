using Orchestron.Streaming.Audio;
using Orchestron.Streaming.Engine;

namespace Orchestron.Streaming.Tests.Engine;

/// <summary>The render pool measures each session's CPU time, holds one over its share to it, and fails it if it stays there.</summary>
public sealed class CpuShareTests
{
    private static StreamingAudioOptions Options() =>
        new() { FrameMs = 20, QueueFramesMax = 8, QueueFramesTarget = 3, FlushOnConnect = false };

    [LinuxFact]
    public void A_session_over_its_share_is_held_then_failed_with_the_reason_while_one_within_its_share_plays_on()
    {
        using var engine = new StreamingEngine(new StreamingEngineOptions { RenderWorkers = 1 });
        engine.CpuShare = new SessionCpuShareOptions { CoreShare = 0.1, OverShareTimeout = TimeSpan.FromSeconds(1) };
        using var cheapBuffer = new AudioFrameQueue(Options());
        using var costlyBuffer = new AudioFrameQueue(Options());
        using var cheapTrack = engine.CreateTrack(cheapBuffer);
        using var costlyTrack = engine.CreateTrack(costlyBuffer);
        var cheap = new BurningRenderJob(cheapBuffer, cpuPerFrame: TimeSpan.Zero);
        // Half a core: each 20 ms frame takes 10 ms of CPU.
        var costly = new BurningRenderJob(costlyBuffer, cpuPerFrame: TimeSpan.FromMilliseconds(10));
        engine.AddRenderJob(cheap);
        engine.AddRenderJob(costly);
        cheapTrack.Start();
        costlyTrack.Start();

        Assert.True(costly.Failed.Wait(TimeSpan.FromSeconds(20)), "the session over its share was not failed");
        var held = costly.Meter.Snapshot(System.Diagnostics.Stopwatch.GetTimestamp());
        Thread.Sleep(TimeSpan.FromSeconds(1));
        var within = cheap.Meter.Snapshot(System.Diagnostics.Stopwatch.GetTimestamp());

        Assert.Contains("share of the render pool (0.1 of a core)", costly.Reason, StringComparison.Ordinal);
        Assert.Equal(costly.Reason, held.FailureReason);
        Assert.True(costly.HasEnded);
        // Held to its budget, what it was measured to use stays near its share, not the half core it asks for.
        Assert.InRange(held.Share, 0.05, 0.2);
        Assert.False(cheap.HasEnded);
        Assert.False(within.IsHeld);
        Assert.Null(within.FailureReason);
        Assert.InRange(within.Share, 0, 0.1);
        Assert.Equal(0.1, within.Limit);
        Assert.True(engine.CheckAdmission().Sessions == 1);
    }

    [LinuxFact]
    public void A_start_that_takes_most_of_a_core_for_its_first_window_refuses_no_later_session()
    {
        using var engine = new StreamingEngine(new StreamingEngineOptions { RenderWorkers = 1 });
        engine.CpuShare = new SessionCpuShareOptions { CapacityCores = 1 };
        using var buffer = new AudioFrameQueue(Options());
        using var track = engine.CreateTrack(buffer);
        // Its first block costs 450 ms of CPU, as a slow start would; every block after it costs nothing.
        var job = new BurningRenderJob(buffer, cpuPerFrame: TimeSpan.Zero, firstBlockCpu: TimeSpan.FromMilliseconds(450));
        engine.AddRenderJob(job);
        track.Start();

        // Once the start's window has ended, the meter reads well over half a core for it...
        Assert.True(SpinWait.SpinUntil(() => job.Meter.LastShare > 0, TimeSpan.FromSeconds(10)), "the first window never ended");
        var startShare = job.Meter.LastShare;
        var duringStart = engine.CheckAdmission();
        Assert.True(startShare > 0.5, $"the start's window read {startShare:0.000} of a core");

        // ...and yet the next session is admitted at the estimate, and later at what the session settles to.
        Assert.True(duringStart.Admitted, duringStart.Reason);
        Assert.True(SpinWait.SpinUntil(() => job.Meter.SettledShare > 0, TimeSpan.FromSeconds(10)), "the session never settled");
        var settled = engine.CheckAdmission();
        Assert.True(settled.Admitted, settled.Reason);
        Assert.InRange(settled.LoadCores, 0, 0.2);
    }

    [Fact]
    public void The_share_settings_are_checked()
    {
        Assert.Throws<ArgumentException>(() => new SessionCpuShareOptions { CoreShare = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new SessionCpuShareOptions { CoreShare = 1.5 }.Validate());
        Assert.Throws<ArgumentException>(() => new SessionCpuShareOptions { CapacityCores = -1 }.Validate());
        Assert.Throws<ArgumentException>(() => new SessionCpuShareOptions { OverShareTimeout = TimeSpan.FromMilliseconds(10) }.Validate());
        new SessionCpuShareOptions().Validate();
    }

    /// <summary>
    /// A render source that writes silent frames and spends <c>cpuPerFrame</c> of its thread's CPU time on each,
    /// and <c>firstBlockCpu</c> more on its first.
    /// </summary>
    private sealed class BurningRenderJob(AudioFrameQueue queue, TimeSpan cpuPerFrame, TimeSpan firstBlockCpu = default) : RenderJob(queue)
    {
        private readonly float[] _frame = new float[queue.FrameLength];
        private bool _started;

        public ManualResetEventSlim Failed { get; } = new();

        public string? Reason { get; private set; }

        internal override bool RenderBlock()
        {
            var cost = _started ? cpuPerFrame : cpuPerFrame + firstBlockCpu;
            _started = true;
            var until = ThreadCpuClock.NowNanoseconds() + (long)(cost.TotalMilliseconds * 1_000_000);
            while (ThreadCpuClock.NowNanoseconds() < until)
            {
            }

            Queue.WriteAvailable(_frame);
            return true;
        }

        internal override bool RunPendingWork() => true;

        internal override void Abandon()
        {
        }

        internal override void Fail(string reason)
        {
            Reason = reason;
            Failed.Set();
        }
    }
}
