using Orchestron.WebRtc.Rtp;

namespace Orchestron.WebRtc.Tests.Rtp;

public sealed class RtcpSenderReportSchedulerTests
{
    /// <summary>A clock the test moves by hand.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public override long GetTimestamp() => _now.UtcTicks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public void Advance(TimeSpan by) => _now += by;
    }

    [Fact]
    public void Reports_are_due_after_the_first_packet_and_then_once_per_interval()
    {
        var clock = new ManualClock();
        var scheduler = new RtcpSenderReportScheduler(TimeSpan.FromSeconds(1), clock);
        var packetizer = new RtpOpusPacketizer(111, 0x01020304, 10, 48_000);
        var buffer = new byte[200];

        Assert.False(scheduler.TryWriteDueReport(buffer, packetizer, 0, "cname", out _)); // nothing sent yet

        packetizer.Packetize(new byte[100], 0, true, buffer);
        packetizer.Packetize(new byte[50], 960, false, buffer);
        Assert.True(scheduler.TryWriteDueReport(buffer, packetizer, 1_920, "cname", out var length));

        var reader = new RtcpCompoundReader(buffer.AsSpan(0, length));
        Assert.True(reader.TryReadNext(out var sr, out _));
        Assert.True(RtcpSenderInfo.TryRead(sr, out var info));
        Assert.Equal(0x01020304u, info.Ssrc);
        Assert.Equal(48_000u + 1_920, info.RtpTimestamp);
        Assert.Equal(2u, info.PacketCount);
        Assert.Equal(150u, info.OctetCount);
        Assert.Equal(NtpTimestamp.FromDateTime(clock.GetUtcNow().UtcDateTime), info.NtpTimestamp);
        Assert.True(reader.TryReadNext(out var sdes, out _));
        Assert.True(RtcpSourceDescription.TryGetCname(sdes, 0x01020304, out var cname));
        Assert.Equal("cname"u8.ToArray(), cname.ToArray());

        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(scheduler.TryWriteDueReport(buffer, packetizer, 1_920, "cname", out _));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(scheduler.TryWriteDueReport(buffer, packetizer, 1_920, "cname", out _));
        Assert.False(scheduler.IsDue(packetizer));
    }

    [Fact]
    public void Goodbye_is_sender_report_sdes_and_bye()
    {
        var scheduler = new RtcpSenderReportScheduler(timeProvider: new ManualClock());
        var packetizer = new RtpOpusPacketizer(111, 7, 0, 0);
        var buffer = new byte[200];

        var length = scheduler.WriteGoodbye(buffer, packetizer, 0, "x");

        var reader = new RtcpCompoundReader(buffer.AsSpan(0, length));
        Assert.True(reader.TryReadNext(out var packet, out _));
        Assert.Equal(RtcpPacketType.SenderReport, packet.PacketType);
        Assert.True(reader.TryReadNext(out packet, out _));
        Assert.Equal(RtcpPacketType.SourceDescription, packet.PacketType);
        Assert.True(reader.TryReadNext(out packet, out _));
        Assert.True(RtcpGoodbye.Contains(packet, 7));
    }

    [Fact]
    public void Reports_map_rtp_to_ntp_time_consistently_with_the_callers_clock()
    {
        var clock = new ManualClock();
        var scheduler = new RtcpSenderReportScheduler(TimeSpan.FromSeconds(1), clock);
        var packetizer = new RtpOpusPacketizer(111, 9, 0, 0xFFFF_0000);
        var buffer = new byte[200];
        var reports = new List<RtcpSenderInfo>();

        // Ten seconds of 20 ms frames in real time, with half a second whose frames were never packetised.
        for (long frame = 0; frame < 500; frame++)
        {
            var timestamp = frame * 960;
            if (frame is < 200 or >= 225)
            {
                packetizer.Packetize(new byte[10], timestamp, false, buffer);
            }

            if (scheduler.TryWriteDueReport(buffer, packetizer, timestamp, "c", out var length))
            {
                var reader = new RtcpCompoundReader(buffer.AsSpan(0, length));
                Assert.True(reader.TryReadNext(out var sr, out _));
                Assert.True(RtcpSenderInfo.TryRead(sr, out var info));
                reports.Add(info);
            }

            clock.Advance(TimeSpan.FromMilliseconds(20));
        }

        Assert.True(reports.Count >= 9, $"{reports.Count} reports");
        Assert.Equal(packetizer.ToRtpTimestamp(0), reports[0].RtpTimestamp);
        for (var i = 1; i < reports.Count; i++)
        {
            // Elapsed RTP time equals elapsed NTP time exactly: one clock, whatever was skipped and despite the wrap.
            var rtpSeconds = unchecked(reports[i].RtpTimestamp - reports[0].RtpTimestamp) / (double)RtpOpusPacketizer.ClockRate;
            var ntpSeconds = (reports[i].NtpTimestamp - reports[0].NtpTimestamp) / 4_294_967_296.0;
            Assert.Equal(ntpSeconds, rtpSeconds, precision: 3);
        }
    }

    [Fact]
    public void A_non_positive_interval_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtcpSenderReportScheduler(TimeSpan.Zero));
    }
}
