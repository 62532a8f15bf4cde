using System.Buffers.Binary;
using Orchestron.WebRtc.Rtp;
using Orchestron.Testing.Allocation;

namespace Orchestron.WebRtc.Tests.Rtp;

public sealed class RtcpReceiverReportTests
{
    private const uint Ours = 0x0A0B0C0D;
    private const uint Listener = 0x55667788;

    /// <summary>An RR from the listener with one block about <paramref name="about"/>.</summary>
    private static byte[] ReceiverReport(uint about, byte fractionLost, int cumulativeLost, uint highest, uint jitter, uint lsr, uint dlsr)
    {
        var packet = new byte[32];
        packet[0] = 0x81;
        packet[1] = RtcpPacketType.ReceiverReport;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 7);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), Listener);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), about);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(12), ((uint)fractionLost << 24) | ((uint)cumulativeLost & 0xFFFFFF));
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(16), highest);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(20), jitter);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(24), lsr);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(28), dlsr);
        return packet;
    }

    [Fact]
    public void A_receiver_report_fills_loss_jitter_and_round_trip()
    {
        var statistics = new RtcpReceptionStatistics();
        // We sent an SR at compact NTP 0x0001_0000 (1 s); the listener held it 0.25 s; it arrives at 1.5 s.
        var report = ReceiverReport(Ours, fractionLost: 64, cumulativeLost: 17, highest: 0x0001_0010, jitter: 96, lsr: 0x0001_0000, dlsr: 0x4000);
        var arrival = (1UL << 32) | 0x8000_0000UL;

        Assert.Equal(RtcpParseError.None, RtcpReceiverReportProcessor.Process(report, Ours, arrival, statistics));

        var s = statistics.Snapshot;
        Assert.Equal(1, s.ReportsReceived);
        Assert.Equal(Listener, s.ReporterSsrc);
        Assert.Equal(0.25, s.FractionLost);
        Assert.Equal(17, s.CumulativeLost);
        Assert.Equal(0x0001_0010u, s.ExtendedHighestSequence);
        Assert.Equal(2.0, s.JitterMilliseconds); // 96 samples at 48 kHz
        Assert.Equal(TimeSpan.FromMilliseconds(250), s.RoundTripTime); // 1.5 - 1.0 - 0.25 s
        Assert.False(s.GoodbyeReceived);
    }

    [Fact]
    public void Negative_cumulative_loss_is_sign_extended_and_no_lsr_means_no_round_trip()
    {
        var statistics = new RtcpReceptionStatistics();
        var report = ReceiverReport(Ours, 0, cumulativeLost: -3, highest: 5, jitter: 0, lsr: 0, dlsr: 0);

        Assert.Equal(RtcpParseError.None, RtcpReceiverReportProcessor.Process(report, Ours, 1UL << 32, statistics));

        Assert.Equal(-3, statistics.Snapshot.CumulativeLost);
        Assert.Null(statistics.Snapshot.RoundTripTime);
    }

    [Fact]
    public void Blocks_about_other_sources_are_ignored()
    {
        var statistics = new RtcpReceptionStatistics();

        Assert.Equal(RtcpParseError.None, RtcpReceiverReportProcessor.Process(ReceiverReport(0x99, 255, 9, 1, 1, 0, 0), Ours, 0, statistics));

        Assert.Equal(0, statistics.Snapshot.ReportsReceived);
    }

    [Fact]
    public void A_compound_with_sender_report_sdes_feedback_and_bye_is_read()
    {
        // SR from the listener (it also sends) with one block about us, its SDES, a PLI it may send, then BYE.
        var sr = new byte[52];
        sr[0] = 0x81;
        sr[1] = RtcpPacketType.SenderReport;
        BinaryPrimitives.WriteUInt16BigEndian(sr.AsSpan(2), 12);
        BinaryPrimitives.WriteUInt32BigEndian(sr.AsSpan(4), Listener);
        ReceiverReport(Ours, 128, 40, 7, 480, 0, 0).AsSpan(8, 24).CopyTo(sr.AsSpan(28));
        var sdes = new byte[20];
        var sdesLength = RtcpWriter.WriteSourceDescription(sdes, Listener, "listener");
        var pli = Convert.FromHexString("81CE0002556677880A0B0C0D");
        var bye = new byte[8];
        RtcpWriter.WriteGoodbye(bye, Listener);
        var compound = sr.Concat(sdes[..sdesLength]).Concat(pli).Concat(bye).ToArray();
        var statistics = new RtcpReceptionStatistics();

        Assert.Equal(RtcpParseError.None, RtcpReceiverReportProcessor.Process(compound, Ours, 0, statistics));

        var s = statistics.Snapshot;
        Assert.Equal(0.5, s.FractionLost);
        Assert.Equal(40, s.CumulativeLost);
        Assert.Equal(10.0, s.JitterMilliseconds);
        Assert.True(s.GoodbyeReceived);
    }

    [Theory]
    [InlineData("", RtcpParseError.TooShort)]
    [InlineData("81C9", RtcpParseError.TooShort)]
    [InlineData("41C90001AABBCCDD", RtcpParseError.BadVersion)]
    [InlineData("81C90007AABBCCDD", RtcpParseError.LengthOverrun)] // claims 32 bytes, has 8
    [InlineData("81C90001AABBCCDD", RtcpParseError.TruncatedReport)] // one block announced, none present
    [InlineData("A1C9000100000000", RtcpParseError.BadPadding)] // padding count 0
    [InlineData("A0C9000100000009", RtcpParseError.BadPadding)] // padding count 9 > 4 bytes of body
    [InlineData("80C9000100000000" + "81", RtcpParseError.TooShort)] // trailing partial header
    [InlineData("81CA000111223344", RtcpParseError.MalformedSourceDescription)] // chunk without END
    [InlineData("81CA00021122334401FF0000", RtcpParseError.MalformedSourceDescription)] // item longer than packet
    [InlineData("82CB000111223344", RtcpParseError.MalformedGoodbye)] // 2 SSRCs announced, 1 present
    [InlineData("81CB0003112233440561", RtcpParseError.LengthOverrun)] // claims 16 bytes, has 10
    [InlineData("81CB00021122334405616200", RtcpParseError.MalformedGoodbye)] // reason length 5, 3 bytes left
    public void Malformed_packets_are_refused_with_the_reason_and_change_nothing(string hex, RtcpParseError expected)
    {
        var statistics = new RtcpReceptionStatistics();
        var good = ReceiverReport(Ours, 1, 1, 1, 1, 0, 0);
        var packet = good.Concat(Convert.FromHexString(hex)).ToArray();
        var alone = Convert.FromHexString(hex);

        Assert.Equal(expected, RtcpReceiverReportProcessor.Process(alone, Ours, 0, statistics));
        if (alone.Length > 0)
        {
            Assert.Equal(expected, RtcpReceiverReportProcessor.Process(packet, Ours, 0, statistics));
        }

        Assert.Equal(0, statistics.Snapshot.ReportsReceived); // the valid RR before the bad packet was not applied
    }

    [Fact]
    public void Random_and_mutated_input_never_throws()
    {
        var random = new Random(42);
        var statistics = new RtcpReceptionStatistics();
        var valid = ReceiverReport(Ours, 1, 1, 1, 1, 0x10000, 1).Concat(new byte[20]).ToArray();
        RtcpWriter.WriteSourceDescription(valid.AsSpan(32), Listener, "abcdefgh");
        var buffer = new byte[80];

        for (var n = 0; n < 50_000; n++)
        {
            var length = random.Next(0, buffer.Length + 1);
            if (n % 2 == 0)
            {
                random.NextBytes(buffer);
            }
            else
            {
                valid.CopyTo(buffer, 0);
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    buffer[random.Next(valid.Length)] = (byte)random.Next(256);
                }

                length = Math.Min(length, valid.Length);
            }

            RtcpReceiverReportProcessor.Process(buffer.AsSpan(0, length), Ours, (ulong)n << 20, statistics);
            RtpHeader.TryRead(buffer.AsSpan(0, length), out _, out _, out _);
        }

        Assert.True(statistics.Snapshot.ReportsReceived > 0);
    }

    [Fact]
    public void Processing_allocates_nothing()
    {
        var statistics = new RtcpReceptionStatistics();
        var report = ReceiverReport(Ours, 3, 4, 5, 6, 7, 8);
        RtcpReceiverReportProcessor.Process(report, Ours, 1UL << 40, statistics);

        var allocations = AllocationTally.Measure(10_000, _ => RtcpReceiverReportProcessor.Process(report, Ours, 1UL << 40, statistics));

        Assert.True(allocations.Bytes == 0 && allocations.HasEnoughReadings, allocations.Describe());
    }
}
