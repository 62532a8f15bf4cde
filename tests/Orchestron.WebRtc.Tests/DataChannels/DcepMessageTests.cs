using Orchestron.WebRtc.DataChannels;

namespace Orchestron.WebRtc.Tests.DataChannels;

/// <summary>DATA_CHANNEL_OPEN as RFC 8832 section 5.1 lays it out.</summary>
public sealed class DcepMessageTests
{
    [Fact]
    public void An_open_message_is_laid_out_as_rfc_8832_shows()
    {
        var parameters = new DataChannelParameters("ab", "p", Ordered: false, MaxRetransmits: 3, MaxPacketLifeTime: null);
        var message = new byte[DcepMessage.OpenLength(parameters)];
        DcepMessage.WriteOpen(message, parameters);

        Assert.Equal(
            [0x03, 0x81, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x02, 0x00, 0x01, (byte)'a', (byte)'b', (byte)'p'],
            message);
    }

    [Theory]
    [InlineData(true, null, null)]
    [InlineData(false, null, null)]
    [InlineData(true, 5, null)]
    [InlineData(false, 0, null)]
    [InlineData(true, null, 250)]
    [InlineData(false, null, 30)]
    public void Every_channel_type_round_trips(bool ordered, int? maxRetransmits, int? lifetimeMs)
    {
        var parameters = new DataChannelParameters(
            "lábel", "proto", ordered, maxRetransmits, lifetimeMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null);
        var message = new byte[DcepMessage.OpenLength(parameters)];
        DcepMessage.WriteOpen(message, parameters);

        Assert.Equal(parameters, DcepMessage.TryParseOpen(message, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("03")]
    [InlineData("0300000000000000000100")]
    [InlineData("03000000000000000002000061")]
    [InlineData("030000000000000000010000616263")]
    [InlineData("03050000000000000000000000")]
    [InlineData("030000000000000000010000FF")]
    public void Malformed_open_messages_are_refused_with_a_reason(string hex)
    {
        Assert.Null(DcepMessage.TryParseOpen(Convert.FromHexString(hex), out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
