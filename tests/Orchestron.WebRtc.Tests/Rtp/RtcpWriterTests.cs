using Orchestron.WebRtc.Rtp;

namespace Orchestron.WebRtc.Tests.Rtp;

public sealed class RtcpWriterTests
{
    private static readonly RtcpSenderInfo Sender = new(0x11223344, 0xE1234567_80000000, 0x0000_BB80, 50, 8_000);

    [Fact]
    public void The_sender_report_has_the_rfc_3550_layout()
    {
        var buffer = new byte[28];

        Assert.Equal(28, RtcpWriter.WriteSenderReport(buffer, Sender));

        // V=2 RC=0, PT=200, length 6 words, SSRC, NTP, RTP timestamp, packets, octets.
        Assert.Equal(Convert.FromHexString("80C8000611223344E1234567800000000000BB800000003200001F40"), buffer);
    }

    [Fact]
    public void The_source_description_pads_the_cname_chunk_to_a_word_boundary()
    {
        var buffer = new byte[64];
        buffer.AsSpan().Fill(0xEE);

        var length = RtcpWriter.WriteSourceDescription(buffer, 0x11223344, "abcde");

        // Chunk: SSRC(4) + type/len(2) + "abcde"(5) + END(1) = 12 bytes, already aligned; header says 3 words.
        Assert.Equal(16, length);
        Assert.Equal(Convert.FromHexString("81CA00031122334401056162636465" + "00"), buffer[..16]);
        Assert.Equal(0xEE, buffer[16]);

        length = RtcpWriter.WriteSourceDescription(buffer, 0x11223344, "abcdef");
        Assert.Equal(20, length); // 13-byte chunk padded to 16
        Assert.Equal(Convert.FromHexString("81CA000411223344010661626364656600000000"), buffer[..20]);
    }

    [Fact]
    public void The_goodbye_compound_is_sender_report_then_sdes_then_bye_and_parses_back()
    {
        var buffer = new byte[128];

        var length = RtcpWriter.WriteGoodbyeCompound(buffer, Sender, "orchestron");

        Assert.Equal(RtcpParseError.None, RtcpCompoundReader.Validate(buffer.AsSpan(0, length)));
        var reader = new RtcpCompoundReader(buffer.AsSpan(0, length));
        Assert.True(reader.TryReadNext(out var packet, out _));
        Assert.Equal(RtcpPacketType.SenderReport, packet.PacketType);
        Assert.True(RtcpSenderInfo.TryRead(packet, out var sender));
        Assert.Equal(Sender, sender);
        Assert.True(reader.TryReadNext(out packet, out _));
        Assert.False(RtcpSenderInfo.TryRead(packet, out _));
        Assert.Equal(RtcpPacketType.SourceDescription, packet.PacketType);
        Assert.True(RtcpSourceDescription.TryGetCname(packet, Sender.Ssrc, out var cname));
        Assert.Equal("orchestron"u8.ToArray(), cname.ToArray());
        Assert.True(reader.TryReadNext(out packet, out _));
        Assert.Equal(RtcpPacketType.Goodbye, packet.PacketType);
        Assert.True(RtcpGoodbye.Contains(packet, Sender.Ssrc));
        Assert.False(reader.TryReadNext(out _, out var error));
        Assert.Equal(RtcpParseError.None, error);
    }

    [Fact]
    public void Writers_refuse_bad_cnames_and_short_buffers()
    {
        Assert.Throws<ArgumentException>(() => RtcpWriter.WriteSourceDescription(new byte[300], 1, ""));
        Assert.Throws<ArgumentException>(() => RtcpWriter.WriteSourceDescription(new byte[300], 1, new string('x', 256)));
        Assert.Throws<ArgumentException>(() => RtcpWriter.WriteSenderReport(new byte[27], Sender));
        Assert.Throws<ArgumentException>(() => RtcpWriter.WriteSenderReportCompound(new byte[40], Sender, "orchestron"));
    }

    [Fact]
    public void Ntp_timestamps_convert_wallclock_and_compact_form()
    {
        var ntp = NtpTimestamp.FromDateTime(new DateTime(1900, 1, 1, 0, 0, 10, 500, DateTimeKind.Utc));

        Assert.Equal((10UL << 32) | 0x8000_0000UL, ntp);
        Assert.Equal((10u << 16) | 0x8000u, NtpTimestamp.Compact(ntp));
        Assert.Equal(TimeSpan.FromMilliseconds(250), NtpTimestamp.CompactToTimeSpan(0x4000));
    }
}
