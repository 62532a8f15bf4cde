using System.Diagnostics;
using Orchestron.Streaming.Audio;

namespace Orchestron.Streaming.Tests.Audio;

public sealed class PacerClockTests
{
    [Fact]
    public void The_monotonic_clock_never_returns_before_the_deadline()
    {
        var clock = MonotonicPacerClock.Instance;
        Assert.Equal(Stopwatch.Frequency, clock.Frequency);
        for (var i = 0; i < 20; i++)
        {
            var deadline = clock.GetTimestamp() + (clock.Frequency * i / 2000);
            clock.WaitUntil(deadline, CancellationToken.None);
            Assert.True(clock.GetTimestamp() >= deadline);
        }
    }

    [Fact]
    public void A_cancelled_wait_returns_without_waiting_for_a_far_deadline()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        var clock = MonotonicPacerClock.Instance;
        var deadline = clock.GetTimestamp() + (clock.Frequency * 3600);
        clock.WaitUntil(deadline, cancellation.Token);
        Assert.True(clock.GetTimestamp() < deadline);

        var virtualClock = new VirtualPacerClock(() => false);
        virtualClock.WaitUntil(1_000, cancellation.Token);
        Assert.Equal(0, virtualClock.GetTimestamp());
    }

    [Fact]
    public void The_virtual_clock_jumps_to_the_deadline_and_never_goes_back()
    {
        var clock = new VirtualPacerClock();
        clock.WaitUntil(5_000, CancellationToken.None);
        Assert.Equal(5_000, clock.GetTimestamp());
        clock.WaitUntil(1_000, CancellationToken.None);
        Assert.Equal(5_000, clock.GetTimestamp());
        clock.Advance(10);
        Assert.Equal(5_010, clock.GetTimestamp());
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(-1));
    }

    [Fact]
    public void The_virtual_clock_waits_for_readiness_and_gives_up_after_the_stall_timeout()
    {
        var stalled = new VirtualPacerClock(() => false, TimeSpan.FromMilliseconds(50));
        stalled.WaitUntil(100, CancellationToken.None);
        Assert.Equal(100, stalled.GetTimestamp());

        var ready = false;
        var patient = new VirtualPacerClock(() => Volatile.Read(ref ready), TimeSpan.FromMinutes(5));
        var patientWaiter = new Thread(() => patient.WaitUntil(300, CancellationToken.None));
        patientWaiter.Start();
        Thread.Sleep(100);
        Assert.Equal(0, patient.GetTimestamp());
        Volatile.Write(ref ready, true);
        patientWaiter.Join();
        Assert.Equal(300, patient.GetTimestamp());
    }

    [Theory]
    [InlineData(1_000_000_000L, 480)]
    [InlineData(10_000_000L, 960)]
    [InlineData(3L, 480)]
    [InlineData(44_100L, 960)]
    [InlineData(1_000_000_000L, 120)]
    [InlineData(44_100L, 240)]
    [InlineData(7L, 120)]
    public void The_schedule_puts_every_whole_second_exactly_on_the_clock_whatever_the_frequency(long frequency, int frameSamples)
    {
        var schedule = new PacerSchedule(frequency, frameSamples);
        var framesPerSecond = 48_000 / frameSamples;
        var previous = -1L;
        for (long n = 0; n < 10 * framesPerSecond; n++)
        {
            var offset = schedule.Offset(n);
            Assert.True(offset >= previous);
            previous = offset;
        }

        // A day in, frame n is still due at exactly n x period (to the tick, rounded down).
        var day = 86_400L * framesPerSecond;
        Assert.Equal(86_400L * frequency, schedule.Offset(day));
        Assert.Equal((86_400L * frequency) + (frequency * frameSamples / 48_000), schedule.Offset(day + 1));
    }

    [Fact]
    public void A_track_on_the_real_clock_delivers_continuous_timestamps_and_records_its_pacing()
    {
        using var buffer = new AudioFrameQueue(new StreamingAudioOptions { FrameMs = 10, QueueFramesMax = 4, QueueFramesTarget = 2 });
        var consumer = new RecordingConsumer(960, 10);
        using var track = new QueueAudioTrack(buffer);
        track.AddConsumer(consumer);
        track.Start();
        Assert.True(consumer.Full.Wait(TimeSpan.FromMinutes(1)));
        track.Stop();

        for (var f = 0; f < 10; f++)
        {
            Assert.Equal(f * 480L, consumer.Timestamp(f));
            Assert.True(consumer.IsSilent(f));
        }

        // A real wake-up is never exactly on its deadline, so a mean of zero would mean nothing was recorded;
        // lateness beyond a second would have re-anchored the schedule.
        var statistics = buffer.Metrics.GetSnapshot();
        Assert.True(statistics.FramesSent >= 10);
        Assert.True(statistics.MeanPacingErrorMs > 0, "the pacer recorded no lateness");
        Assert.InRange(statistics.MaxPacingErrorMs, statistics.MeanPacingErrorMs, 1000);
    }

    [Fact]
    public void The_track_reports_exactly_how_late_its_clock_woke_it()
    {
        // Every wake-up is 2 ms late but the fourth, which is 7 ms late: over ten frames that is a mean of 2.5 ms.
        var clock = new LateClock(wait => wait == 3 ? 7 : 2);
        using var buffer = new AudioFrameQueue(new StreamingAudioOptions { FrameMs = 10, QueueFramesMax = 4, QueueFramesTarget = 2 });
        using var track = new QueueAudioTrack(buffer, clock);
        var consumer = new RecordingConsumer(960, 10) { AfterFrame = count => StopAfterTenFrames(track, count) };
        track.AddConsumer(consumer);
        track.Start();
        Assert.True(consumer.Full.Wait(TimeSpan.FromMinutes(1)));
        track.Stop();

        var statistics = buffer.Metrics.GetSnapshot();
        Assert.Equal(10, statistics.FramesSent);
        Assert.Equal(7.0, statistics.MaxPacingErrorMs);
        Assert.Equal(2.0, statistics.LastPacingErrorMs);
        Assert.Equal(2.5, statistics.MeanPacingErrorMs, 9);
    }

    private static void StopAfterTenFrames(QueueAudioTrack track, int count)
    {
        if (count == 10)
        {
            track.Stop();
        }
    }

    /// <summary>
    /// A millisecond clock that wakes each wait a scripted number of ticks after its deadline, so the pacer's
    /// lateness figures are known exactly. Only the pacer thread waits on it.
    /// </summary>
    private sealed class LateClock(Func<int, long> latenessOfWait) : IPacerClock
    {
        private long _now;
        private int _waits;

        public long Frequency => 1000;

        public long GetTimestamp() => Volatile.Read(ref _now);

        public void WaitUntil(long deadline, CancellationToken cancellationToken)
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                Volatile.Write(ref _now, Math.Max(_now, deadline + latenessOfWait(_waits++)));
            }
        }
    }
}
