using Microsoft.Extensions.Logging.Abstractions;
using Orchestron.WebRtc.Opus;

namespace Orchestron.Host.Tests.Configuration;

/// <summary>
/// The Opus application setting reaches the encoder options every session's sender is built from, and through the
/// real libopus those options give the look-ahead the setting promises: 6.5 ms in audio, 2.5 ms in restricted-lowdelay.
/// </summary>
public sealed class OpusApplicationSettingTests
{
    [Theory]
    [InlineData(null, 312)]
    [InlineData("audio", 312)]
    [InlineData("restricted-lowdelay", 120)]
    [InlineData("RESTRICTED_LOWDELAY", 120)]
    public void The_setting_sets_libopuss_look_ahead(string? application, int lookaheadSamples)
    {
        string[] args = application is null ? [] : ["--webrtc-audio-opus-application", application];
        var options = Inputs.Load(args: args);

        using var encoder = OpusEncoderFactory.Create(options.Streaming.Sender.Opus, NullLogger.Instance);

        var native = Assert.IsType<OpusEncoder>(encoder);
        // OPUS_GET_LOOKAHEAD, in samples at 48 kHz: 312 is 6.5 ms, 120 is 2.5 ms.
        Assert.Equal(lookaheadSamples, native.Lookahead);
    }
}
