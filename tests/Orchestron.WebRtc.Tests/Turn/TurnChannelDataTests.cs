using Orchestron.WebRtc.Turn;

namespace Orchestron.WebRtc.Tests.Turn;

public sealed class TurnChannelDataTests
{
    [Fact]
    public void Framing_pads_to_four_bytes_and_reads_back_the_channel_and_the_exact_data()
    {
        var buffer = new byte[16];

        var length = TurnChannelData.Write(0x4001, [1, 2, 3, 4, 5], buffer);

        Assert.Equal(12, length);
        Assert.Equal(new byte[] { 0x40, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5, 0, 0, 0 }, buffer[..12]);
        Assert.True(TurnChannelData.TryRead(buffer.AsSpan(0, length), out var channel, out var data));
        Assert.Equal(0x4001, channel);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, data.ToArray());
    }

    [Theory]
    [InlineData(new byte[] { 0x40, 0x00, 0x00, 0x09, 1, 2, 3, 4 })]   // claims more than it holds
    [InlineData(new byte[] { 0x50, 0x00, 0x00, 0x00 })]               // first byte of no ChannelData
    [InlineData(new byte[] { 0x40, 0x00, 0x00 })]                     // shorter than the header
    [InlineData(new byte[] { 0x00, 0x01, 0x00, 0x00 })]               // STUN's first bytes
    public void Malformed_channel_data_is_not_read(byte[] datagram)
    {
        Assert.False(TurnChannelData.TryRead(datagram, out _, out _));
    }

    [Fact]
    public void A_channel_outside_the_client_range_is_refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => TurnChannelData.Write(0x5000, [1], new byte[8]));

        Assert.Equal("channel", error.ParamName);
    }
}
