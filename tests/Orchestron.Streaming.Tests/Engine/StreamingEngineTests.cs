using System.Diagnostics;
using Orchestron.Streaming.Audio;
using Orchestron.Streaming.Engine;
using Orchestron.Testing.Allocation;

namespace Orchestron.Streaming.Tests.Engine;

public sealed class StreamingEngineTests
{
    private const long Nanoseconds = 1_000_000_000;

    private static StreamingAudioOptions Options(double frameMs = 20) =>
        new() { FrameMs = frameMs, QueueFramesMax = 8, QueueFramesTarget = 3, FlushOnConnect = false };

    [Fact]
    public void Thirty_two_sessions_keep_their_schedules_to_the_nanosecond_over_an_hour_of_virtual_time()
    {
        const int sessions = 32;
        const long framesPerHour = 3600 * 50;
        var clock = new VirtualPacerClock();
        using var engine = new StreamingEngine(new StreamingEngineOptions { RenderWorkers = 1 }, clock);
        var buffers = new AudioFrameQueue[sessions];
        var tracks = new QueueAudioTrack[sessions];
        var consumers = new OrderCheckingConsumer[sessions];
        using var done = new CountdownEvent(sessions);
        for (var s = 0; s < sessions; s++)
        {
            buffers[s] = new AudioFrameQueue(Options());
            tracks[s] = engine.CreateTrack(buffers[s]);
            consumers[s] = new OrderCheckingConsumer(clock, 20 * Nanoseconds / 1000, 960);
            tracks[s].AddConsumer(consumers[s]);
            tracks[s].AddConsumer(new StopAfter(tracks[s], framesPerHour, done));
            tracks[s].Start();
        }

        Assert.True(done.Wait(TimeSpan.FromMinutes(5)), "an hour of virtual time did not pass in five minutes");
        foreach (var track in tracks)
        {
            track.Dispose();
        }

        foreach (var consumer in consumers)
        {
            Assert.Null(consumer.Failure);
            Assert.Equal(framesPerHour, consumer.Frames);
        }

        // Sessions started together are spread over the 20 ms cycle's forty half milliseconds rather than all due at once.
        var phases = consumers.Select(c => c.FirstDelivery % (20 * Nanoseconds / 1000)).Distinct().Count();
        Assert.Equal(sessions, phases);
        foreach (var buffer in buffers)
        {
            buffer.Dispose();
        }
    }

    [Theory]
    [InlineData(2.5)]
    [InlineData(5)]
    public void Sessions_of_short_frames_keep_their_schedules_to_the_nanosecond_and_spread_over_their_period(double frameMs)
    {
        const int sessions = 12;
        var frameSamples = (int)(frameMs * 48);
        var periodNs = frameSamples * Nanoseconds / 48_000;
        var framesInFiveMinutes = 300L * 48_000 / frameSamples;
        var clock = new VirtualPacerClock();
        using var engine = new StreamingEngine(new StreamingEngineOptions { RenderWorkers = 1 }, clock);
        var buffers = new AudioFrameQueue[sessions];
        var tracks = new QueueAudioTrack[sessions];
        var consumers = new OrderCheckingConsumer[sessions];
        using var done = new CountdownEvent(sessions);
        for (var s = 0; s < sessions; s++)
        {
            buffers[s] = new AudioFrameQueue(Options(frameMs));
            tracks[s] = engine.CreateTrack(buffers[s]);
            consumers[s] = new OrderCheckingConsumer(clock, periodNs, frameSamples);
            tracks[s].AddConsumer(consumers[s]);
            tracks[s].AddConsumer(new StopAfter(tracks[s], framesInFiveMinutes, done));
            tracks[s].Start();
        }

        Assert.True(done.Wait(TimeSpan.FromMinutes(5)), "five minutes of virtual time did not pass in five real minutes");
        foreach (var track in tracks)
        {
            track.Dispose();
        }

        foreach (var consumer in consumers)
        {
            Assert.Null(consumer.Failure);
            Assert.Equal(framesInFiveMinutes, consumer.Frames);
        }

        // Every half millisecond of the period carries sessions: 5 phases for 2.5 ms frames, 10 for 5 ms.
        var phases = consumers.Select(c => c.FirstDelivery % periodNs).Distinct().Count();
        Assert.Equal(frameSamples / 24, phases);
        foreach (var buffer in buffers)
        {
            buffer.Dispose();
        }
    }

    [Theory]
    [InlineData(20)]
    [InlineData(5)]
    [InlineData(2.5)]
    public void Sessions_rendered_by_a_shared_pool_arrive_in_order_with_no_underrun_no_drop_and_no_allocation(double frameMs)
    {
        const int sessions = 32;
        var frameSamples = (int)(frameMs * 48);
        const int warmUpFrames = 300;
        const int measuredFrames = 1500;
        RenderJob[] jobs = [];
        var clock = new VirtualPacerClock(() => AllAtLead(Volatile.Read(ref jobs)), TimeSpan.FromSeconds(30));
        using var engine = new StreamingEngine(new StreamingEngineOptions { RenderWorkers = 2 }, clock);
        var buffers = new AudioFrameQueue[sessions];
        var tracks = new QueueAudioTrack[sessions];
        var stamped = new StampedRenderJob[sessions];
        var consumers = new OrderCheckingConsumer[sessions];
        using var done = new CountdownEvent(sessions);
        for (var s = 0; s < sessions; s++)
        {
            buffers[s] = new AudioFrameQueue(Options(frameMs));
            stamped[s] = new StampedRenderJob(buffers[s]);
            tracks[s] = engine.CreateTrack(buffers[s]);
            consumers[s] = new OrderCheckingConsumer(clock, frameSamples * Nanoseconds / 48_000, frameSamples);
            // Measured well inside the run, so that no session is starting or stopping meanwhile.
            consumers[s].MeasureFrom = warmUpFrames;
            consumers[s].MeasureTo = warmUpFrames + measuredFrames;
            tracks[s].AddConsumer(consumers[s]);
            // Signals without stopping: a track stopped on the pacer thread (its registration and render job leaving)
            // while another session is still measured would be counted in that session's stretch.
            tracks[s].AddConsumer(new SignalAfter(warmUpFrames + measuredFrames + 100, done));
        }

        consumers[0].OnMeasuring = measuring => StampedRenderJob.MeasuringAllocations = measuring;
        Volatile.Write(ref jobs, [.. stamped]);
        StartAtLead(engine, stamped, tracks);

        Assert.True(done.Wait(TimeSpan.FromMinutes(5)));
        foreach (var track in tracks)
        {
            track.Dispose();
        }

        for (var s = 0; s < sessions; s++)
        {
            Assert.Null(consumers[s].Failure);
            Assert.Equal(0, consumers[s].Silent);
            var statistics = buffers[s].Metrics.GetSnapshot();
            Assert.Equal(0, statistics.Underruns);
            Assert.Equal(0, statistics.Drops);
        }

        var pool = StampedRenderJob.PoolAllocations;
        Assert.True(pool.Bytes == 0 && pool.HasEnoughReadings, $"render pool: {pool.Describe()}");

        foreach (var consumer in consumers)
        {
            Assert.True(consumer.Allocations.Bytes == 0 && consumer.Allocations.HasEnoughReadings, $"pacer: {consumer.Allocations.Describe()}");
        }

        // Sessions moved between the two workers, and still no frame came out of order.
        Assert.Contains(stamped, job => job.ThreadCount > 1);
    }

    [Fact]
    public void Sessions_nobody_listens_to_deepen_their_queues_without_making_a_listened_session_wait()
    {
        // Eight sessions with a listener and eight without, on one worker: the worker has to choose every time.
        const int sessions = 16;
        const int listenedFrames = 1000;
        RenderJob[] jobs = [];
        var clock = new VirtualPacerClock(() => AllFilled(Volatile.Read(ref jobs)), TimeSpan.FromSeconds(30));
        using var engine = new StreamingEngine(new StreamingEngineOptions { RenderWorkers = 1 }, clock);
        var buffers = new AudioFrameQueue[sessions];
        var tracks = new QueueAudioTrack[sessions];
        var stamped = new StampedRenderJob[sessions];
        var consumers = new OrderCheckingConsumer?[sessions];
        using var done = new CountdownEvent(sessions / 2);
        for (var s = 0; s < sessions; s++)
        {
            buffers[s] = new AudioFrameQueue(Options());
            stamped[s] = new StampedRenderJob(buffers[s]);
            tracks[s] = engine.CreateTrack(buffers[s]);
            if (s % 2 == 0)
            {
                consumers[s] = new OrderCheckingConsumer(clock, 20 * Nanoseconds / 1000, 960);
                tracks[s].AddConsumer(consumers[s]!);
                tracks[s].AddConsumer(new StopAfter(tracks[s], listenedFrames, done));
            }
        }

        Volatile.Write(ref jobs, [.. stamped]);
        StartAtLead(engine, stamped, tracks);

        // A queue nobody listens to deepens past the lead of three, to the capacity of eight.
        Assert.True(
            SpinWait.SpinUntil(() => Enumerable.Range(0, sessions).Any(s => consumers[s] is null && buffers[s].QueuedFrames == 8), TimeSpan.FromSeconds(30)),
            "no idle queue deepened to its capacity");
        Assert.True(done.Wait(TimeSpan.FromMinutes(5)), "the listened sessions did not get their frames");
        foreach (var track in tracks)
        {
            track.Dispose();
        }

        for (var s = 0; s < sessions; s++)
        {
            var statistics = buffers[s].Metrics.GetSnapshot();
            Assert.Equal(0, statistics.Underruns);
            Assert.Equal(0, statistics.Drops);
            if (consumers[s] is { } consumer)
            {
                Assert.Null(consumer.Failure);
                Assert.Equal(0, consumer.Silent);
                Assert.Equal(listenedFrames, consumer.Frames);
            }
            else
            {
                // The idle ones kept time with the others, several frames per wake-up.
                Assert.True(statistics.FramesSent >= listenedFrames - 8, $"an idle session passed over only {statistics.FramesSent} frames");
            }
        }
    }

    [Fact]
    public void A_render_that_runs_late_is_counted_as_underruns_with_silence_on_continuous_timestamps()
    {
        StampedRenderJob? job = null;
        var clock = new VirtualPacerClock(() => job!.Waiting || job.Deficit <= 0, TimeSpan.FromSeconds(30));
        using var engine = new StreamingEngine(new StreamingEngineOptions { RenderWorkers = 1 }, clock);
        using var buffer = new AudioFrameQueue(Options(10));
        using var gate = new ManualResetEventSlim();
        job = new StampedRenderJob(buffer) { Gate = gate, HoldAt = 50 };
        using var track = engine.CreateTrack(buffer);
        var consumer = new OrderCheckingConsumer(clock, 10 * Nanoseconds / 1000, 480);
        using var done = new CountdownEvent(1);
        track.AddConsumer(consumer);
        track.AddConsumer(new StopAfter(track, 200, done));
        engine.AddRenderJob(job);
        Assert.True(SpinWait.SpinUntil(() => job.Deficit <= 0, TimeSpan.FromMinutes(2)), "the queue never reached its lead");
        track.Start();

        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref consumer.Silent) >= 20, TimeSpan.FromMinutes(2)), $"only {consumer.Silent} silent frames while the render was held up");
        gate.Set();
        Assert.True(done.Wait(TimeSpan.FromMinutes(2)), $"{consumer.Frames} of 200 frames arrived");
        track.Stop();

        var statistics = buffer.Metrics.GetSnapshot();
        Assert.Null(consumer.Failure);
        Assert.True(consumer.Silent >= 20);
        Assert.Equal(consumer.Silent, statistics.Underruns);
        Assert.Equal(0, statistics.Drops);
        Assert.Equal(200 - consumer.Silent, consumer.Rendered);
    }

    [Fact]
    public void The_engine_admits_sessions_up_to_its_set_capacity_and_measures_one_otherwise()
    {
        using var engine = new StreamingEngine(new StreamingEngineOptions { MaxSessions = 2, RenderWorkers = 1 }, new VirtualPacerClock(() => false, TimeSpan.FromMilliseconds(5)));
        using var first = new AudioFrameQueue(Options());
        using var second = new AudioFrameQueue(Options());
        using var a = engine.CreateTrack(first);
        using var b = engine.CreateTrack(second);
        Assert.True(engine.CanAcceptSession);
        a.Start();
        Assert.True(engine.CanAcceptSession);
        b.Start();
        Assert.Equal(2, engine.SessionCount);
        Assert.False(engine.CanAcceptSession);
        b.Stop();
        Assert.True(engine.CanAcceptSession);

        using var measured = new StreamingEngine(new StreamingEngineOptions { RenderWorkers = 1 });
        Assert.Equal(Environment.ProcessorCount * 16, measured.Capacity);
        Assert.Throws<ArgumentException>(() => new StreamingEngine(new StreamingEngineOptions { TargetLoad = 0 }));
        Assert.Throws<ArgumentException>(() => new StreamingEngine(new StreamingEngineOptions { RenderWorkers = 0 }));
    }

    [LinuxFact]
    public unsafe void On_linux_the_pacer_sleeps_on_the_very_clock_stopwatch_reads()
    {
        Assert.True(MonotonicPacerClock.UsesAbsoluteSleep);
        Interop.Libc.TimeSpec now;
        var before = Stopwatch.GetTimestamp();
        Assert.Equal(0, Interop.Libc.ClockGetTime(Interop.Libc.ClockMonotonic, &now));
        var after = Stopwatch.GetTimestamp();
        var monotonic = ((long)now.Seconds * Nanoseconds) + now.Nanoseconds;
        Assert.InRange(monotonic, before, after);
    }

    private static bool AllAtLead(RenderJob[] jobs)
    {
        foreach (var job in jobs)
        {
            if (job.Deficit > 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Puts the jobs on the engine's pool and starts the tracks once every queue holds its lead, as a paced renderer would have it.</summary>
    private static void StartAtLead(StreamingEngine engine, StampedRenderJob[] jobs, QueueAudioTrack[] tracks)
    {
        foreach (var job in jobs)
        {
            engine.AddRenderJob(job);
        }

        Assert.True(SpinWait.SpinUntil(() => jobs.All(job => job.Deficit <= 0), TimeSpan.FromSeconds(30)));
        foreach (var track in tracks)
        {
            track.Start();
        }
    }

    private static bool AllFilled(RenderJob[] jobs)
    {
        foreach (var job in jobs)
        {
            if (job.Need > 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Stops a track once it has delivered a number of frames, and signals.</summary>
    private sealed class SignalAfter(long frames, CountdownEvent signal) : IAudioFrameConsumer
    {
        private long _seen;

        public void OnFrame(ReadOnlySpan<float> interleavedStereo, long timestamp, bool isSilence)
        {
            if (++_seen == frames)
            {
                signal.Signal();
            }
        }
    }

    private sealed class StopAfter(QueueAudioTrack track, long frames, CountdownEvent signal) : IAudioFrameConsumer
    {
        private long _seen;

        public void OnFrame(ReadOnlySpan<float> interleavedStereo, long timestamp, bool isSilence)
        {
            if (++_seen == frames)
            {
                track.Stop();

                signal.Signal();
            }
        }
    }
}
