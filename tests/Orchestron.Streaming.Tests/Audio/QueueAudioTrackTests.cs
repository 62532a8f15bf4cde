using Orchestron.Streaming.Audio;

namespace Orchestron.Streaming.Tests.Audio;

public sealed class QueueAudioTrackTests
{
    private static StreamingAudioOptions Options(int max = 8, int target = 8, bool flush = false, int keep = 0) =>
        new() { FrameMs = 10, QueueFramesMax = max, QueueFramesTarget = target, FlushOnConnect = flush, StartupKeepFrames = keep };

    private static float[] Frames(int count, int firstValue = 1)
    {
        var samples = new float[count * 960];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = firstValue + (i / 960);
        }

        return samples;
    }

    [Fact]
    public void When_no_frame_is_ready_it_sends_silence_with_continuous_timestamps_and_counts_underruns()
    {
        using var buffer = new AudioFrameQueue(Options());
        buffer.Write(Frames(3));
        long underrunsAfterTenFrames = -1;
        var consumer = new RecordingConsumer(960, 10)
        {
            AfterFrame = count =>
            {
                if (count == 10)
                {
                    underrunsAfterTenFrames = buffer.Metrics.GetSnapshot().Underruns;
                }
            },
        };
        PaceUntilFull(buffer, consumer);

        for (var f = 0; f < 10; f++)
        {
            Assert.Equal(f * 480L, consumer.Timestamp(f));
            Assert.Equal(f >= 3, consumer.IsSilent(f));
            Assert.All(consumer.Frame(f).ToArray(), x => Assert.Equal(f < 3 ? f + 1 : 0, x));
        }

        Assert.Equal(7, underrunsAfterTenFrames);
    }

    [Fact]
    public void Silence_before_the_first_rendered_frame_is_not_an_underrun()
    {
        using var buffer = new AudioFrameQueue(Options());
        var consumer = new RecordingConsumer(960, 5);
        PaceUntilFull(buffer, consumer);
        Assert.True(consumer.IsSilent(4));
        Assert.Equal(0, buffer.Metrics.GetSnapshot().Underruns);
        Assert.True(buffer.Metrics.GetSnapshot().FramesSent >= 5);
    }

    [Fact]
    public void The_first_consumer_to_connect_skips_the_backlog_when_flush_on_connect_is_set()
    {
        using var buffer = new AudioFrameQueue(Options(flush: true, keep: 2));
        buffer.Write(Frames(6));
        var consumer = new RecordingConsumer(960, 2);
        PaceUntilFull(buffer, consumer);
        Assert.Equal(5f, consumer.Frame(0)[0]);
        Assert.Equal(6f, consumer.Frame(1)[0]);
        Assert.Equal(4, buffer.Metrics.GetSnapshot().FlushedFrames);
    }

    [Fact]
    public void Without_flush_on_connect_the_backlog_is_played()
    {
        using var buffer = new AudioFrameQueue(Options(flush: false, keep: 2));
        buffer.Write(Frames(6));
        var consumer = new RecordingConsumer(960, 2);
        PaceUntilFull(buffer, consumer);
        Assert.Equal(1f, consumer.Frame(0)[0]);
        Assert.Equal(0, buffer.Metrics.GetSnapshot().FlushedFrames);
    }

    [Fact]
    public void A_throwing_consumer_does_not_stop_the_others_and_a_removed_one_gets_no_more_frames()
    {
        using var buffer = new AudioFrameQueue(Options());
        var track = new QueueAudioTrack(buffer, new VirtualPacerClock());
        var thrower = new ThrowingConsumer();
        RecordingConsumer? leaver = null;
        leaver = new RecordingConsumer(960, 10)
        {
            AfterFrame = count =>
            {
                if (count == 3)
                {
                    Assert.True(track.RemoveConsumer(leaver!));
                }
            },
        };
        var stayer = new RecordingConsumer(960, 20);
        track.AddConsumer(thrower);
        track.AddConsumer(leaver);
        track.AddConsumer(stayer);
        track.AddConsumer(stayer);
        Assert.Equal(3, track.ConsumerCount);
        track.Start();
        Assert.True(stayer.Full.Wait(TimeSpan.FromSeconds(30)));
        track.Dispose();

        Assert.Equal(3, leaver.Count);
        Assert.True(thrower.Calls >= 20);
        Assert.Equal(19 * 480L, stayer.Timestamp(19));
        Assert.False(track.RemoveConsumer(leaver));
        Assert.False(track.IsRunning);
        Assert.Throws<ObjectDisposedException>(track.Start);
    }

    [Fact]
    public void It_wakes_on_an_absolute_schedule_whatever_each_wake_up_was_late_by()
    {
        using var buffer = new AudioFrameQueue(Options());
        var clock = new LateClock(latenessPattern: [0, 3_000, 7_000, 1_000, 9_500]);
        var consumer = new RecordingConsumer(960, 50);
        PaceUntilFull(buffer, consumer, clock);

        // Deadlines stay at start + n x 10 ms (in microseconds here), not at the last wake-up + 10 ms.
        var deadlines = clock.Deadlines;
        for (var n = 0; n < 50; n++)
        {
            Assert.Equal(LateClock.Start + (n * 10_000L), deadlines[n]);
        }

        var statistics = buffer.Metrics.GetSnapshot();
        Assert.Equal(9.5, statistics.MaxPacingErrorMs, 9);
        Assert.InRange(statistics.MeanPacingErrorMs, 4.0, 4.2);
    }

    [Fact]
    public void A_pacer_far_behind_its_schedule_re_anchors_instead_of_bursting()
    {
        using var buffer = new AudioFrameQueue(Options());
        var clock = new LateClock(latenessPattern: [0, 0, 0, 2_500_000, 0, 0]);
        var consumer = new RecordingConsumer(960, 6);
        PaceUntilFull(buffer, consumer, clock);

        var deadlines = clock.Deadlines;
        Assert.Equal(LateClock.Start + 30_000, deadlines[3]);
        Assert.Equal(LateClock.Start + 2_500_000 + 40_000, deadlines[4]);
        Assert.Equal(5 * 480L, consumer.Timestamp(5));
    }

    [Fact]
    public void Starting_twice_fails_and_stopping_a_stopped_track_is_harmless()
    {
        using var buffer = new AudioFrameQueue(Options());
        using var track = new QueueAudioTrack(buffer, new VirtualPacerClock(() => false, TimeSpan.FromMilliseconds(1)));
        track.Stop();
        track.Start();
        Assert.True(track.IsRunning);
        Assert.Throws<InvalidOperationException>(track.Start);
        track.Stop();
        Assert.False(track.IsRunning);
        track.Start();
        track.Stop();
    }

    [Fact]
    public void A_consumer_can_stop_the_track_from_the_pacer_thread()
    {
        using var buffer = new AudioFrameQueue(Options());
        using var track = new QueueAudioTrack(buffer, new VirtualPacerClock());
        var consumer = new RecordingConsumer(960, 100)
        {
            AfterFrame = count =>
            {
                if (count == 5)
                {
                    track.Stop();
                }
            },
        };
        track.AddConsumer(consumer);
        track.Start();
        SpinWait.SpinUntil(() => consumer.Count >= 5);
        track.Stop();
        Assert.Equal(5, consumer.Count);
        Assert.False(track.IsRunning);
    }

    [Fact]
    public void Nobody_listening_to_a_renderer_that_keeps_only_its_lead_it_wakes_every_other_period_and_a_listener_who_joins_gets_the_next_frame_on_time()
    {
        // A lead of three frames: with nobody listening, two frames are taken per wake-up.
        using var buffer = new AudioFrameQueue(Options(target: 3));
        var nextStamp = 1;
        buffer.Write(Frames(3, nextStamp));
        nextStamp += 3;

        // A renderer that refills the moment frames are taken but never past the lead (as one in another process,
        // with its own lead, does), so the queue always holds three frames.
        buffer.SetFrameTakenHook(() =>
        {
            while (buffer.QueuedFrames < 3)
            {
                buffer.Write(Frames(1, nextStamp++));
            }
        });
        var clock = new SteppedClock();
        using var track = new QueueAudioTrack(buffer, clock);
        try
        {
            track.Start();

            clock.Allow(10);
            Assert.True(SpinWait.SpinUntil(() => buffer.Metrics.GetSnapshot().FramesSent == 20, TimeSpan.FromSeconds(10)));
            var idle = clock.Deadlines;
            Assert.Equal(10, idle.Length);
            AssertSpacedBy(20_000, idle);

            Assert.Equal(20 * 480L, track.NextTimestamp);

            var consumer = new RecordingConsumer(960, 5);
            track.AddConsumer(consumer);
            clock.Allow(5);
            Assert.True(consumer.Full.Wait(TimeSpan.FromSeconds(10)));

            // The last idle wake-up took the frames due then and 10 ms later; the next is due 10 ms after that.
            var listened = clock.Deadlines[10..15];
            Assert.Equal(idle[^1] + 20_000, listened[0]);
            AssertSpacedBy(10_000, listened);

            // Frame k of the stream (stamped k + 1) carries timestamp k x 480, whether anybody heard the ones before.
            AssertHeard(consumer, frames: 5, firstStamp: 21, firstTimestampFrame: 20);

            var statistics = buffer.Metrics.GetSnapshot();
            Assert.Equal(0, statistics.Underruns);
            Assert.Equal(0, statistics.Drops);
        }
        finally
        {
            // Lets the pacer run, so that the track can stop even after a failed assertion.
            clock.RunFreely();
        }
    }

    [Fact]
    public void Nobody_listening_the_queue_deepens_to_its_capacity_and_a_listener_who_joins_hears_the_lead_again()
    {
        // A lead of three frames in a queue of eight.
        using var buffer = new AudioFrameQueue(Options(max: 8, target: 3));
        var nextStamp = 1;
        buffer.Write(Frames(3, nextStamp));
        nextStamp += 3;

        // A paced renderer: whenever frames are taken it renders for as long as the queue wants audio.
        buffer.SetFrameTakenHook(() =>
        {
            while (buffer.WantsMoreAudio)
            {
                Assert.Equal(960, buffer.WriteAvailable(Frames(1, nextStamp++)));
            }
        });
        var clock = new SteppedClock();
        using var track = new QueueAudioTrack(buffer, clock);
        try
        {
            track.Start();

            // The first wake-up finds the lead (three frames) and takes two; the renderer then deepens the queue
            // to eight, and every later wake-up takes seven.
            clock.Allow(5);
            Assert.True(SpinWait.SpinUntil(() => buffer.Metrics.GetSnapshot().FramesSent == 30, TimeSpan.FromSeconds(10)));
            var idle = clock.Deadlines;
            Assert.Equal(5, idle.Length);
            Assert.Equal(20_000, idle[1] - idle[0]);
            AssertSpacedBy(70_000, idle[1..]);

            Assert.Equal(8, buffer.QueuedFrames);
            Assert.Equal(30 * 480L, track.NextTimestamp);

            var consumer = new RecordingConsumer(960, 4);
            track.AddConsumer(consumer);
            clock.Allow(4);
            Assert.True(consumer.Full.Wait(TimeSpan.FromSeconds(10)));

            // Frames 31 to 38 were queued; the five beyond the lead are flushed, so the listener starts with 36 and
            // the latency of three frames, on the timestamps the stream had reached, one period apart.
            var listened = clock.Deadlines[5..9];
            Assert.Equal(idle[^1] + 70_000, listened[0]);
            AssertSpacedBy(10_000, listened);
            AssertHeard(consumer, frames: 4, firstStamp: 36, firstTimestampFrame: 30);

            Assert.Equal(3, buffer.QueuedFrames);
            var statistics = buffer.Metrics.GetSnapshot();
            Assert.Equal(0, statistics.Underruns);
            Assert.Equal(0, statistics.Drops);
            Assert.Equal(5, statistics.FlushedFrames);
        }
        finally
        {
            clock.RunFreely();
        }
    }

    /// <summary>Each deadline is <paramref name="gap"/> ticks after the one before it.</summary>
    private static void AssertSpacedBy(long gap, long[] deadlines)
    {
        for (var n = 1; n < deadlines.Length; n++)
        {
            Assert.Equal(gap, deadlines[n] - deadlines[n - 1]);
        }
    }

    /// <summary>The consumer heard rendered 10 ms frames stamped on from <paramref name="firstStamp"/>, with timestamps from frame <paramref name="firstTimestampFrame"/>.</summary>
    private static void AssertHeard(RecordingConsumer consumer, int frames, float firstStamp, long firstTimestampFrame)
    {
        for (var f = 0; f < frames; f++)
        {
            Assert.False(consumer.IsSilent(f));
            Assert.Equal(firstStamp + f, consumer.Frame(f)[0]);
            Assert.Equal((firstTimestampFrame + f) * 480L, consumer.Timestamp(f));
        }
    }

    private sealed class ThrowingConsumer : IAudioFrameConsumer
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public void OnFrame(ReadOnlySpan<float> interleavedStereo, long timestamp, bool isSilence)
        {
            Interlocked.Increment(ref _calls);
            throw new InvalidOperationException("consumer failure");
        }
    }

    /// <summary>Microsecond clock whose every wait returns late by the next amount of a repeating pattern.</summary>
    private sealed class LateClock(long[] latenessPattern) : IPacerClock
    {
        public const long Start = 1_000_000;
        private readonly long[] _deadlines = new long[1000];
        private long _now = Start;
        private int _waits;

        public long[] Deadlines => _deadlines;

        public long Frequency => 1_000_000;

        public long GetTimestamp() => Volatile.Read(ref _now);

        public void WaitUntil(long deadline, CancellationToken cancellationToken)
        {
            if (_waits < _deadlines.Length)
            {
                _deadlines[_waits] = deadline;
            }

            Volatile.Write(ref _now, Math.Max(_now, deadline + latenessPattern[_waits % latenessPattern.Length]));
            _waits++;
        }
    }

    /// <summary>Microsecond clock that lets the pacer wake only as often as the test allows, keeping each deadline.</summary>
    private sealed class SteppedClock : IPacerClock
    {
        private readonly SemaphoreSlim _wakes = new(0);
        private readonly List<long> _deadlines = [];
        private long _now;

        public long Frequency => 1_000_000;

        public long[] Deadlines
        {
            get
            {
                lock (_deadlines)
                {
                    return [.. _deadlines];
                }
            }
        }

        public void Allow(int wakes) => _wakes.Release(wakes);

        public void RunFreely() => Allow(1_000_000);

        public long GetTimestamp() => Volatile.Read(ref _now);

        public void WaitUntil(long deadline, CancellationToken cancellationToken)
        {
            try
            {
                _wakes.Wait(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            lock (_deadlines)
            {
                _deadlines.Add(deadline);
            }

            Volatile.Write(ref _now, Math.Max(Volatile.Read(ref _now), deadline));
        }
    }

    /// <summary>Runs a pacer (on a virtual clock unless given one) until the consumer has all the frames it waits for.</summary>
    private static void PaceUntilFull(AudioFrameQueue buffer, RecordingConsumer consumer, IPacerClock? clock = null)
    {
        using var track = new QueueAudioTrack(buffer, clock ?? new VirtualPacerClock());
        track.AddConsumer(consumer);
        track.Start();
        Assert.True(consumer.Full.Wait(TimeSpan.FromSeconds(30)));
        track.Stop();
    }
}
