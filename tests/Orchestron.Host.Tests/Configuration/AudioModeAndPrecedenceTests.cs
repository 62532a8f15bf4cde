using Orchestron.Host.Configuration;

namespace Orchestron.Host.Tests.Configuration;

public sealed class AudioModeAndPrecedenceTests
{
    [Theory]
    [InlineData("local", AudioOutputMode.Local)]
    [InlineData("LOCAL", AudioOutputMode.Local)]
    [InlineData("streaming", AudioOutputMode.Streaming)]
    [InlineData("Streaming", AudioOutputMode.Streaming)]
    [InlineData("browser", AudioOutputMode.Streaming)]
    [InlineData("BROWSER", AudioOutputMode.Streaming)]
    [InlineData("webrtc", AudioOutputMode.Streaming)]
    [InlineData("WebRTC", AudioOutputMode.Streaming)]
    public void Audio_mode_names_and_aliases_are_understood_in_any_case(string text, AudioOutputMode expected)
    {
        Assert.Equal(expected, Inputs.Load(args: ["--audio-output-mode", text]).AudioOutputMode);
        Assert.Equal(expected, Inputs.FromEnvironment("VISUALCSOUND_AUDIO_OUTPUT_MODE", text).AudioOutputMode);
    }

    [Fact]
    public void Command_line_beats_environment_beats_appsettings()
    {
        var all = Inputs.Load(
            args: ["--port", "1111"],
            environment: new() { ["VISUALCSOUND_PORT"] = "2222" },
            appSettings: new() { ["Orchestron:Port"] = "3333" });
        var environmentAndAppSettings = Inputs.Load(
            environment: new() { ["VISUALCSOUND_PORT"] = "2222" },
            appSettings: new() { ["Orchestron:Port"] = "3333" });
        var appSettingsOnly = Inputs.Load(appSettings: new() { ["Orchestron:Port"] = "3333" });

        Assert.Equal(1111, all.Server.Port);
        Assert.Equal(2222, environmentAndAppSettings.Server.Port);
        Assert.Equal(3333, appSettingsOnly.Server.Port);
    }

    [Fact]
    public void A_valid_higher_source_hides_an_invalid_lower_one()
    {
        var options = Inputs.Load(
            args: ["--audio-output-mode", "local"],
            environment: new() { ["VISUALCSOUND_AUDIO_OUTPUT_MODE"] = "speakers" });

        Assert.Equal(AudioOutputMode.Local, options.AudioOutputMode);
    }

    [Fact]
    public void Settings_from_different_sources_combine()
    {
        var options = Inputs.Load(
            args: ["--host", "0.0.0.0"],
            environment: new() { ["VISUALCSOUND_WEBRTC_AUDIO_FRAME_MS"] = "10" },
            appSettings: new() { ["Orchestron:CsoundKsmps"] = "16" });

        Assert.Equal("0.0.0.0", options.Server.Host);
        Assert.Equal(10, options.Streaming.Audio.FrameMs);
        Assert.Equal(16, options.Csound.Ksmps);
    }

    [Fact]
    public void Appsettings_keys_are_read_only_under_the_orchestron_section()
    {
        var options = Inputs.Load(appSettings: new() { ["Port"] = "4444", ["Other:Port"] = "5555" });

        Assert.Equal(8000, options.Server.Port);
    }
}
