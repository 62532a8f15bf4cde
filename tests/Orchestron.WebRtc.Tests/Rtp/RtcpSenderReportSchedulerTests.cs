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

        Assert.False(scheduler.TryWriteDueReport(buffer, packetizer, "cname", out _)); // nothing sent yet

        packetizer.Packetize(new byte[100], 960, false, buffer);
        packetizer.Packetize(new byte[50], 960, false, buffer);
        Assert.True(scheduler.TryWriteDueReport(buffer, packetizer, "cname", out var length));

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
        Assert.False(scheduler.TryWriteDueReport(buffer, packetizer, "cname", out _));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(scheduler.TryWriteDueReport(buffer, packetizer, "cname", out _));
        Assert.False(scheduler.IsDue(packetizer));
    }

    [Fact]
    public void Goodbye_is_sender_report_sdes_and_bye()
    {
        var scheduler = new RtcpSenderReportScheduler(timeProvider: new ManualClock());
        var packetizer = new RtpOpusPacketizer(111, 7, 0, 0);
        var buffer = new byte[200];

        var length = scheduler.WriteGoodbye(buffer, packetizer, "x");

        var reader = new RtcpCompoundReader(buffer.AsSpan(0, length));
        Assert.True(reader.TryReadNext(out var packet, out _));
        Assert.Equal(RtcpPacketType.SenderReport, packet.PacketType);
        Assert.True(reader.TryReadNext(out packet, out _));
        Assert.Equal(RtcpPacketType.SourceDescription, packet.PacketType);
        Assert.True(reader.TryReadNext(out packet, out _));
        Assert.True(RtcpGoodbye.Contains(packet, 7));
    }

    [Fact]
    public void A_non_positive_interval_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtcpSenderReportScheduler(TimeSpan.Zero));
    }
}
