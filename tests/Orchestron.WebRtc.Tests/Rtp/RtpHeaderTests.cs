using Orchestron.WebRtc.Rtp;

namespace Orchestron.WebRtc.Tests.Rtp;

public sealed class RtpHeaderTests
{
    [Fact]
    public void Writing_produces_the_rfc_3550_layout()
    {
        var buffer = new byte[12];

        var length = new RtpHeader(111, Marker: true, 0x1234, 0xDEADBEEF, 0x01020304).WriteTo(buffer);

        Assert.Equal(12, length);
        Assert.Equal(Convert.FromHexString("80EF1234DEADBEEF01020304"), buffer); // V=2, M=1 | PT=111 (0x6F)
    }

    [Fact]
    public void Writing_refuses_a_bad_payload_type_and_a_short_buffer()
    {
        Assert.Throws<ArgumentException>(() => new RtpHeader(128, false, 0, 0, 0).WriteTo(new byte[12]));
        Assert.Throws<ArgumentException>(() => new RtpHeader(96, false, 0, 0, 0).WriteTo(new byte[11]));
    }

    [Fact]
    public void Reading_skips_csrcs_extension_and_padding()
    {
        // V=2 P=1 X=1 CC=1, PT 96, then CSRC, extension of one word, 3 payload bytes, 2 padding bytes (count 2).
        var packet = Convert.FromHexString("B160000100000002000000030000000ABEDE000111223344AABBCC0002");

        Assert.True(RtpHeader.TryRead(packet, out var header, out var offset, out var length));
        Assert.Equal(new RtpHeader(96, false, 1, 2, 3), header);
        Assert.Equal(24, offset);
        Assert.Equal(3, length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("80600001000000020000")] // shorter than 12
    [InlineData("406000010000000200000003")] // version 1
    [InlineData("83600001000000020000000300000004")] // 3 CSRCs announced, 1 present
    [InlineData("9060000100000002000000030000")] // extension header cut off
    [InlineData("906000010000000200000003BEDE0005")] // extension longer than the packet
    [InlineData("A06000010000000200000003AA00")] // padding count 0
    [InlineData("A06000010000000200000003AA09")] // padding count past the payload
    public void Reading_refuses_malformed_packets(string hex)
    {
        Assert.False(RtpHeader.TryRead(Convert.FromHexString(hex), out _, out _, out _));
    }
}
