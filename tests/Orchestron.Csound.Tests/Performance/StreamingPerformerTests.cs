using Orchestron.Csound.Tests.Support;

namespace Orchestron.Csound.Tests.Performance;

public class StreamingPerformerTests
{
    [Fact]
    public async Task Every_block_reaches_the_sink_on_the_performer_thread_until_the_score_ends()
    {
        using var instance = Render.SineInstance("i1 0 1");
        var sink = new CollectingSink();
        await using var performer = new CsoundPerformer(instance, new CsoundPerformerOptions(), sink);

        performer.Start();
        var result = await performer.Completion;

        Assert.Equal(CsoundPerformanceOutcome.ScoreEnded, result.Outcome);
        Assert.Null(result.Error);
        Assert.Equal(48000, result.FramesPerformed);
        Assert.Equal(new CsoundAudioFormat(48000, 32, 2, 1), sink.Format);
        Assert.Equal(1500, sink.Blocks);
        var left = Signal.Channel(sink.Samples, 2, 0);
        Assert.InRange(Signal.Rms(left), 0.3536 * 0.99, 0.3536 * 1.01);
        Assert.InRange(Signal.Frequency(left, 48000), 439, 441);
        var performerThread = Assert.Single(sink.ThreadIds);
        Assert.NotEqual(Environment.CurrentManagedThreadId, performerThread);
        Assert.False(instance.IsStarted);
    }

    [Fact]
    public async Task Posted_work_runs_on_the_performer_thread_between_blocks()
    {
        using var instance = Render.Headless();
        instance.CompileOrchestra("""
            sr = 48000
            ksmps = 32
            nchnls = 1
            0dbfs = 1
            instr 1
              out oscili(chnget:k("amplitude"), 440)
            endin
            """);
        instance.ReadScore("i1 0 2");
        var posted = new TaskCompletionSource<(int Thread, long Time)>(TaskCreationOptions.RunContinuationsAsynchronously);
        CsoundPerformer? performer = null;
        var sink = new CollectingSink
        {
            OnBlock = (block, _) =>
            {
                if (block == 1500)
                {
                    performer!.Post(csound =>
                    {
                        csound.SetControlChannel("amplitude", 0.5);
                        posted.TrySetResult((Environment.CurrentManagedThreadId, csound.CurrentTimeSamples));
                    });
                }

                return true;
            },
        };
        await using (performer = new CsoundPerformer(instance, new CsoundPerformerOptions(), sink))
        {
            performer.Start();
            var (thread, time) = await posted.Task;
            var result = await performer.Completion;

            Assert.Equal(CsoundPerformanceOutcome.ScoreEnded, result.Outcome);
            Assert.Equal(Assert.Single(sink.ThreadIds), thread);
            Assert.Equal(48000, time);
            var samples = sink.Samples;
            Assert.All(samples[..48000], sample => Assert.Equal(0, sample));
            Assert.InRange(Signal.Rms(samples.AsSpan(48000)), 0.3536 * 0.99, 0.3536 * 1.01);
        }
    }

    [Fact]
    public async Task Stop_ends_an_endless_performance_even_while_the_sink_blocks()
    {
        using var instance = Render.SineInstance("f 0 3600\ni1 0 3600");
        var blocking = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = new CollectingSink
        {
            OnBlock = (block, token) =>
            {
                if (block == 100)
                {
                    blocking.TrySetResult();
                    token.WaitHandle.WaitOne();
                    token.ThrowIfCancellationRequested();
                }

                return true;
            },
        };
        var performer = new CsoundPerformer(instance, new CsoundPerformerOptions(), sink);
        performer.Start();
        await blocking.Task;

        var result = await performer.StopAsync();
        await performer.DisposeAsync();
        await performer.DisposeAsync();
        Assert.Same(result, await performer.StopAsync());

        Assert.Equal(CsoundPerformanceOutcome.Stopped, result.Outcome);
        Assert.Equal(100 * 32, result.FramesPerformed);
        Assert.Throws<InvalidOperationException>(() => performer.Post(_ => { }));
    }

    [Fact]
    public async Task A_sink_failure_ends_the_performance_with_the_reason()
    {
        using var instance = Render.SineInstance("i1 0 10");
        var sink = new CollectingSink
        {
            OnBlock = (block, _) => block == 10 ? throw new InvalidDataException("sink broke") : true,
        };
        await using var performer = new CsoundPerformer(instance, new CsoundPerformerOptions(), sink);
        performer.Start();

        var result = await performer.Completion;

        Assert.Equal(CsoundPerformanceOutcome.Failed, result.Outcome);
        Assert.IsType<InvalidDataException>(result.Error);
    }

    [Fact]
    public async Task Disposing_the_instance_under_a_running_performer_fails_cleanly_instead_of_crashing()
    {
        var instance = Render.SineInstance("f 0 3600\ni1 0 3600");
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = new CollectingSink
        {
            OnBlock = (_, _) =>
            {
                running.TrySetResult();
                return true;
            },
        };
        await using var performer = new CsoundPerformer(instance, new CsoundPerformerOptions(), sink);
        performer.Start();
        await running.Task;

        instance.Dispose();
        var result = await performer.Completion;

        Assert.Equal(CsoundPerformanceOutcome.Failed, result.Outcome);
        Assert.IsType<ObjectDisposedException>(result.Error);
    }

    [Fact]
    public async Task Control_from_other_threads_while_performing_is_safe()
    {
        using var instance = new CsoundInstance(new CsoundInstanceOptions { HostMidiInput = true });
        instance.CompileCsdText(CsoundDefaults.CreateDefaultInstrumentCsd(null));
        instance.Start();
        var volume = instance.GetControlChannelHandle("volume");
        volume.Value = 0;
        var sink = new CollectingSink();
        await using var performer = new CsoundPerformer(instance, new CsoundPerformerOptions(), sink);
        performer.Start();

        await Parallel.ForAsync(0, 400, async (index, cancellationToken) =>
        {
            instance.SetControlChannel("brightness", index / 400.0);
            instance.SendMidi(0x90, (byte)(48 + (index % 24)), 80);
            instance.InputMessage($"i \"Pluck\" 0 0.2 {60 + (index % 12)} 0.1");
            _ = instance.GetControlChannel("brightness");
            await Task.Yield();
        });
        var silentBlocks = sink.Blocks;
        volume.Value = 0.8;
        performer.Post(csound => csound.Panic());
        var result = await performer.StopAsync();

        Assert.Equal(CsoundPerformanceOutcome.Stopped, result.Outcome);
        Assert.True(result.FramesPerformed > 0);
        Assert.All(sink.Samples[..(silentBlocks * 64)], sample => Assert.Equal(0, sample));
    }
}
