using Microsoft.Extensions.Options;
using Orchestron.Streaming.Audio;

namespace Orchestron.Streaming.Tests.Audio;

public sealed class StreamingAudioOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_describe_20_ms_frames()
    {
        var options = new StreamingAudioOptions();
        options.Validate();
        Assert.Equal(960, options.FrameSamplesPerChannel);
        Assert.Equal(1920, options.FrameLength);
        Assert.Equal(480, new StreamingAudioOptions { FrameMs = 10 }.FrameSamplesPerChannel);
    }

    [Theory]
    [InlineData(2.5, 120)]
    [InlineData(5, 240)]
    [InlineData(10, 480)]
    [InlineData(20, 960)]
    public void Every_opus_frame_duration_is_accepted_with_its_samples(double frameMs, int samplesPerChannel)
    {
        var options = new StreamingAudioOptions { FrameMs = frameMs };
        Assert.Empty(options.GetValidationErrors());
        Assert.Equal(samplesPerChannel, options.FrameSamplesPerChannel);
        Assert.Equal(2 * samplesPerChannel, options.FrameLength);
    }

    [Theory]
    [InlineData(15, 8, 3, 1, "FrameMs is 15; accepted values are 2.5, 5, 10 and 20.")]
    [InlineData(0, 8, 3, 1, "FrameMs is 0; accepted values are 2.5, 5, 10 and 20.")]
    [InlineData(2.4, 8, 3, 1, "FrameMs is 2.4; accepted values are 2.5, 5, 10 and 20.")]
    [InlineData(20, 0, 1, 0, "QueueFramesMax is 0; accepted values are 1 to 500.")]
    [InlineData(20, 501, 3, 1, "QueueFramesMax is 501; accepted values are 1 to 500.")]
    [InlineData(20, 8, 9, 1, "QueueFramesTarget is 9; accepted values are 1 to QueueFramesMax (8).")]
    [InlineData(20, 8, 0, 1, "QueueFramesTarget is 0; accepted values are 1 to QueueFramesMax (8).")]
    [InlineData(20, 8, -1, 1, "QueueFramesTarget is -1; accepted values are 1 to QueueFramesMax (8).")]
    [InlineData(20, 4, 2, 5, "StartupKeepFrames is 5; accepted values are 0 to QueueFramesMax (4).")]
    [InlineData(10, 4, 2, -1, "StartupKeepFrames is -1; accepted values are 0 to QueueFramesMax (4).")]
    public void An_invalid_setting_fails_with_its_name_value_and_accepted_range(double frameMs, int max, int target, int keep, string message)
    {
        var options = new StreamingAudioOptions { FrameMs = frameMs, QueueFramesMax = max, QueueFramesTarget = target, StartupKeepFrames = keep };
        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);

        var result = new StreamingAudioOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains(message, result.Failures!);
    }

    [Fact]
    public void Every_invalid_setting_is_reported_at_once()
    {
        var options = new StreamingAudioOptions { FrameMs = 7, QueueFramesMax = 4, QueueFramesTarget = 0, StartupKeepFrames = 5 };
        Assert.Equal(
            ["FrameMs", "QueueFramesTarget", "StartupKeepFrames"],
            options.GetValidationErrors().Select(error => error.OptionName));
    }

    [Fact]
    public void An_invalid_maximum_is_reported_without_the_depths_judged_against_it()
    {
        var options = new StreamingAudioOptions { FrameMs = 7, QueueFramesMax = 0, QueueFramesTarget = 3, StartupKeepFrames = 1 };
        Assert.Equal(["FrameMs", "QueueFramesMax"], options.GetValidationErrors().Select(error => error.OptionName));
    }

    [Fact]
    public void The_validator_plugs_into_microsoft_extensions_options()
    {
        var options = new StreamingAudioOptions { FrameMs = 30 };
        var manager = new OptionsManager<StreamingAudioOptions>(new OptionsFactory<StreamingAudioOptions>(
            [new ConfigureOptions<StreamingAudioOptions>(o => o.FrameMs = options.FrameMs)],
            [],
            [new StreamingAudioOptionsValidator()]));
        var error = Assert.Throws<OptionsValidationException>(() => manager.Value);
        Assert.Contains("FrameMs is 30", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2.5, 1, 1, 0)]
    [InlineData(20, 500, 500, 500)]
    public void Accepted_edge_values_validate(double frameMs, int max, int target, int keep)
    {
        var options = new StreamingAudioOptions { FrameMs = frameMs, QueueFramesMax = max, QueueFramesTarget = target, StartupKeepFrames = keep };

        Assert.Empty(options.GetValidationErrors());
        Assert.Null(Record.Exception(options.Validate));
        Assert.True(new StreamingAudioOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal((frameMs, max, target, keep), (options.FrameMs, options.QueueFramesMax, options.QueueFramesTarget, options.StartupKeepFrames));
    }
}
