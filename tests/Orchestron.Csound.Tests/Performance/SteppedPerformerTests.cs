using System.Collections.Concurrent;
using Orchestron.Csound.Tests.Support;

namespace Orchestron.Csound.Tests.Performance;

public class SteppedPerformerTests
{
    [Fact]
    public async Task A_driven_performer_renders_the_same_audio_as_one_on_its_own_thread()
    {
        using var threadedInstance = Render.SineInstance("i1 0 0.5");
        var threadedSink = new CollectingSink();
        await using (var threaded = new CsoundPerformer(threadedInstance, new CsoundPerformerOptions(), threadedSink))
        {
            threaded.Start();
            await threaded.Completion;
        }

        using var instance = Render.SineInstance("i1 0 0.5");
        var sink = new CollectingSink();
        var driver = new RecordingDriver();
        await using var performer = new CsoundPerformer(instance, new CsoundPerformerOptions(), sink);
        performer.Start(driver);
        var periods = 0;
        while (performer.RunControlPeriod())
        {
            periods++;
        }

        var result = await performer.Completion;
        Assert.Equal(CsoundPerformanceOutcome.ScoreEnded, result.Outcome);
        Assert.Equal(24000, result.FramesPerformed);
        Assert.Equal(750, periods);
        Assert.Equal(threadedSink.Samples, sink.Samples);
        Assert.Equal(Environment.CurrentManagedThreadId, Assert.Single(sink.ThreadIds));
        Assert.False(performer.RunControlPeriod());
    }

    [Fact]
    public async Task A_driver_that_fails_the_performance_ends_it_as_failed_with_its_reason()
    {
        using var instance = Render.SineInstance("i1 0 10");
        var sink = new CollectingSink();
        await using var performer = new CsoundPerformer(instance, new CsoundPerformerOptions(), sink);
        performer.Start(new RecordingDriver());
        Assert.True(performer.RunControlPeriod());

        var reason = new InvalidOperationException("over its share");
        performer.Fail(reason);
        var result = await performer.Completion;

        Assert.Equal(CsoundPerformanceOutcome.Failed, result.Outcome);
        Assert.Same(reason, result.Error);
        Assert.Equal(32, result.FramesPerformed);
        Assert.False(performer.RunControlPeriod());
        performer.Fail(new InvalidOperationException("again"));
        Assert.Same(reason, (await performer.Completion).Error);
    }

    [Fact]
    public async Task Posted_work_asks_the_driver_to_run_and_runs_on_the_drivers_thread_without_rendering()
    {
        using var instance = Render.SineInstance("i1 0 10");
        var sink = new CollectingSink();
        var driver = new RecordingDriver();
        await using var performer = new CsoundPerformer(instance, new CsoundPerformerOptions(), sink);
        performer.Start(driver);
        Assert.True(performer.RunControlPeriod());

        var ranOn = 0;
        performer.Post(_ => ranOn = Environment.CurrentManagedThreadId);
        Assert.Equal(1, driver.Requests);
        Assert.Equal(0, ranOn);
        Assert.True(performer.RunPendingWork());

        Assert.Equal(Environment.CurrentManagedThreadId, ranOn);
        Assert.Equal(1, sink.Blocks);
        Assert.Equal(32, performer.FramesPerformed);
        await StopAsync(performer);
    }

    [Fact]
    public async Task A_stop_asks_the_driver_to_run_and_completes_on_the_drivers_next_step()
    {
        using var instance = Render.SineInstance("i1 0 10");
        var driver = new RecordingDriver();
        await using var performer = new CsoundPerformer(instance, new CsoundPerformerOptions(), new CollectingSink());
        performer.Start(driver);
        Assert.True(performer.RunControlPeriod());

        var stopping = performer.StopAsync();
        Assert.Equal(1, driver.Requests);
        Assert.False(stopping.IsCompleted);
        Assert.False(performer.RunPendingWork());

        var result = await stopping;
        Assert.Equal(CsoundPerformanceOutcome.Stopped, result.Outcome);
        Assert.Equal(32, result.FramesPerformed);
        Assert.False(instance.IsStarted);
    }

    [Fact]
    public async Task A_performer_on_its_own_thread_cannot_be_stepped_and_two_threads_cannot_step_at_once()
    {
        using var instance = Render.SineInstance("i1 0 10");
        await using var threaded = new CsoundPerformer(instance, new CsoundPerformerOptions(), new CollectingSink());
        Assert.Throws<InvalidOperationException>(() => threaded.RunControlPeriod());

        using var steppedInstance = Render.SineInstance("i1 0 10");
        using var inside = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var sink = new CollectingSink
        {
            OnBlock = (_, _) =>
            {
                inside.Set();
                release.Wait();
                return true;
            },
        };
        await using var stepped = new CsoundPerformer(steppedInstance, new CsoundPerformerOptions(), sink);
        stepped.Start(new RecordingDriver());
        var first = Task.Run(stepped.RunControlPeriod);
        inside.Wait();
        Assert.Throws<InvalidOperationException>(() => stepped.RunControlPeriod());
        release.Set();
        Assert.True(await first);
        await StopAsync(stepped);
    }

    /// <summary>A driven performer ends on its driver's thread: here the test is the driver.</summary>
    private static async Task StopAsync(CsoundPerformer performer)
    {
        var stopping = performer.StopAsync();
        Assert.False(performer.RunPendingWork());
        Assert.Equal(CsoundPerformanceOutcome.Stopped, (await stopping).Outcome);
    }

    private sealed class RecordingDriver : ICsoundPerformanceDriver
    {
        private readonly ConcurrentQueue<CsoundPerformer> _requests = new();

        public int Requests => _requests.Count;

        public void RunRequested(CsoundPerformer performer) => _requests.Enqueue(performer);
    }
}
