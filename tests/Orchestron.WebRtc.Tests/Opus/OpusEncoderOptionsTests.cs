using Orchestron.WebRtc.Opus;

namespace Orchestron.WebRtc.Tests.Opus;

/// <summary>Invalid options fail before any native call, naming the setting and its range.</summary>
public sealed class OpusEncoderOptionsTests
{
    public static TheoryData<OpusEncoderOptions, string> InvalidOptions => new()
    {
        { new OpusEncoderOptions { Bitrate = 5_999 }, "Bitrate must be 6000 to 510000" },
        { new OpusEncoderOptions { Bitrate = 510_001 }, "Bitrate must be 6000 to 510000" },
        { new OpusEncoderOptions { Complexity = -1 }, "Complexity must be 0 to 10" },
        { new OpusEncoderOptions { Complexity = 11 }, "Complexity must be 0 to 10" },
        { new OpusEncoderOptions { ExpectedPacketLossPercent = 101 }, "ExpectedPacketLossPercent must be 0 to 100" },
        { new OpusEncoderOptions { Application = (OpusApplication)7 }, "Application must be Audio or RestrictedLowDelay" },
        { new OpusEncoderOptions { FrameDuration = (OpusFrameDuration)40 }, "FrameDuration must be 2.5, 5, 10 or 20 milliseconds" },
        { new OpusEncoderOptions { Implementation = (OpusImplementation)3 }, "Implementation must be Auto, Native or Managed" },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void An_invalid_option_throws_naming_the_setting(OpusEncoderOptions options, string message)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new OpusEncoder(options));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(OpusFrameDuration.TwoAndAHalfMilliseconds, 120)]
    [InlineData(OpusFrameDuration.FiveMilliseconds, 240)]
    [InlineData(OpusFrameDuration.TenMilliseconds, 480)]
    [InlineData(OpusFrameDuration.TwentyMilliseconds, 960)]
    public void The_frame_duration_sets_samples_per_channel(OpusFrameDuration duration, int samples)
    {
        using var encoder = new OpusEncoder(new OpusEncoderOptions { FrameDuration = duration });
        Assert.Equal(samples, encoder.SamplesPerChannel);
    }

    [Fact]
    public void Encoding_the_wrong_frame_length_throws_naming_the_expected_length()
    {
        using var encoder = new OpusEncoder(new OpusEncoderOptions { FrameDuration = OpusFrameDuration.TenMilliseconds });
        var packet = new byte[OpusEncoder.MaxPacketSize];

        var error = Assert.Throws<ArgumentException>(() => encoder.Encode(new float[960 * 2], packet));
        Assert.Contains("needs 960 interleaved stereo samples, not 1920", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encoding_into_an_empty_buffer_throws()
    {
        using var encoder = new OpusEncoder(new OpusEncoderOptions());
        var frame = OpusTestSignals.Sine(960, 440, 0.5f, 0);

        var error = Assert.Throws<ArgumentException>(() => encoder.Encode(frame, []));
        Assert.Contains("packet buffer is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_decoder_refuses_corrupt_packets_with_an_opus_exception()
    {
        using var decoder = new OpusDecoder();
        var output = new float[OpusDecoder.MaxSamplesPerChannel * 2];

        // TOC code 3 (arbitrary frame count) with a frame-count byte of zero is invalid.
        var error = Assert.Throws<OpusException>(() => decoder.Decode([0x03, 0x00], output));
        Assert.Equal(-4, error.ErrorCode);
        Assert.Throws<ArgumentOutOfRangeException>(() => new OpusDecoder(3));
    }
}
