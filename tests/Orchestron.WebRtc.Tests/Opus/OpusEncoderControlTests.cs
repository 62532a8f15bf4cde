using Orchestron.WebRtc.Opus;

namespace Orchestron.WebRtc.Tests.Opus;

/// <summary>
/// Every <c>opus_encoder_ctl</c> request in use, set and read back through the ABI-specific binding: a value
/// passed in the wrong place would read back as something else or be refused by libopus.
/// </summary>
public sealed class OpusEncoderControlTests
{
    [Fact]
    public void Options_are_applied_and_read_back()
    {
        using var encoder = new OpusEncoder(new OpusEncoderOptions
        {
            Bitrate = 64_000,
            Complexity = 3,
            InbandFec = true,
            ExpectedPacketLossPercent = 17,
            Dtx = true,
            Application = OpusApplication.RestrictedLowDelay,
        });

        Assert.Equal(64_000, encoder.GetControl(OpusControlRequest.GetBitrate));
        Assert.Equal(3, encoder.GetControl(OpusControlRequest.GetComplexity));
        Assert.Equal(1, encoder.GetControl(OpusControlRequest.GetInbandFec));
        Assert.Equal(17, encoder.GetControl(OpusControlRequest.GetPacketLossPercent));
        Assert.Equal(1, encoder.GetControl(OpusControlRequest.GetDtx));
        Assert.Equal(2051, encoder.GetControl(OpusControlRequest.GetApplication));
        Assert.Equal(48_000, encoder.GetControl(OpusControlRequest.GetSampleRate));
    }

    [Fact]
    public void Default_options_are_applied_and_read_back()
    {
        var options = new OpusEncoderOptions();
        using var encoder = new OpusEncoder(options);

        Assert.Equal(options.Bitrate, encoder.Bitrate);
        Assert.Equal(options.Complexity, encoder.GetControl(OpusControlRequest.GetComplexity));
        Assert.Equal(1, encoder.GetControl(OpusControlRequest.GetInbandFec));
        Assert.Equal(options.ExpectedPacketLossPercent, encoder.ExpectedPacketLossPercent);
        Assert.Equal(0, encoder.GetControl(OpusControlRequest.GetDtx));
        Assert.Equal(2049, encoder.GetControl(OpusControlRequest.GetApplication));
    }

    [Theory]
    [InlineData(4002, new[] { 6_000, 32_000, 96_123, 510_000 })] // OPUS_SET_BITRATE / GET 4003
    [InlineData(4010, new[] { 0, 1, 5, 9, 10 })] // OPUS_SET_COMPLEXITY / GET 4011
    [InlineData(4012, new[] { 0, 1, 0 })] // OPUS_SET_INBAND_FEC / GET 4013
    [InlineData(4014, new[] { 0, 1, 42, 100 })] // OPUS_SET_PACKET_LOSS_PERC / GET 4015
    [InlineData(4016, new[] { 1, 0, 1 })] // OPUS_SET_DTX / GET 4017
    [InlineData(4006, new[] { 0, 1 })] // OPUS_SET_VBR / GET 4007
    [InlineData(4024, new[] { 3001, 3002, -1000 })] // OPUS_SET_SIGNAL (voice, music, auto) / GET 4025
    public void Each_control_reads_back_what_was_set(int setRequest, int[] values)
    {
        using var encoder = new OpusEncoder(new OpusEncoderOptions());
        var set = (OpusControlRequest)setRequest;
        var get = (OpusControlRequest)(setRequest + 1);
        Assert.True(Enum.IsDefined(set) && Enum.IsDefined(get));

        foreach (var value in values)
        {
            encoder.SetControl(set, value);
            Assert.Equal(value, encoder.GetControl(get));
        }
    }

    [Fact]
    public void An_out_of_range_control_value_is_refused_by_libopus_with_its_message()
    {
        using var encoder = new OpusEncoder(new OpusEncoderOptions());

        var error = Assert.Throws<OpusException>(() => encoder.SetControl(OpusControlRequest.SetComplexity, 11));
        Assert.Equal(-1, error.ErrorCode);
        Assert.Contains("invalid argument", error.Message, StringComparison.Ordinal);
        Assert.Equal(9, encoder.GetControl(OpusControlRequest.GetComplexity));
    }

    [Fact]
    public void Bitrate_and_loss_properties_write_through_to_libopus()
    {
        using var encoder = new OpusEncoder(new OpusEncoderOptions());

        encoder.Bitrate = 48_000;
        encoder.ExpectedPacketLossPercent = 30;

        Assert.Equal(48_000, encoder.GetControl(OpusControlRequest.GetBitrate));
        Assert.Equal(30, encoder.GetControl(OpusControlRequest.GetPacketLossPercent));
        Assert.Throws<ArgumentOutOfRangeException>(() => encoder.Bitrate = 5_999);
        Assert.Throws<ArgumentOutOfRangeException>(() => encoder.ExpectedPacketLossPercent = 101);
    }

    [Fact]
    public void The_library_version_names_the_loaded_libopus()
    {
        Assert.StartsWith("libopus ", OpusEncoder.LibraryVersion, StringComparison.Ordinal);
    }

    [Fact]
    public void Lookahead_is_the_restricted_low_delay_or_audio_delay()
    {
        using var audio = new OpusEncoder(new OpusEncoderOptions { Application = OpusApplication.Audio });
        using var lowDelay = new OpusEncoder(new OpusEncoderOptions { Application = OpusApplication.RestrictedLowDelay });

        // libopus: 2.5 ms CELT overlap (120 samples) plus 4 ms (192) more for the speech-capable modes.
        Assert.Equal(120, lowDelay.Lookahead);
        Assert.Equal(312, audio.Lookahead);
    }
}
