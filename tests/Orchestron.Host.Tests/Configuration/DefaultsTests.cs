using Orchestron.Host.Configuration;

namespace Orchestron.Host.Tests.Configuration;

public sealed class DefaultsTests
{
    [Fact]
    public void Nothing_given_yields_the_documented_defaults()
    {
        var options = Inputs.Load();

        Assert.Equal("127.0.0.1", options.Server.Host);
        Assert.Equal(8000, options.Server.Port);
        Assert.Equal("http://127.0.0.1:8000", options.Server.ListenUrl);
        Assert.Equal(AudioOutputMode.Streaming, options.AudioOutputMode);
        var audio = options.Streaming.Audio;
        Assert.Equal((20.0, 8, 3, true, 1), (audio.FrameMs, audio.QueueFramesMax, audio.QueueFramesTarget, audio.FlushOnConnect, audio.StartupKeepFrames));
        Assert.Null(audio.RenderLeadMs);
        Assert.Equal(1, options.Streaming.Sender.RedundancyDistance);
        Assert.Empty(options.WebRtc.FrontendIceServers);
        Assert.Empty(options.WebRtc.BackendIceServers);
        Assert.Equal(0, options.Streaming.WebRtc.UdpPort);
        Assert.Empty(options.Streaming.WebRtc.PublicAddresses);
        Assert.Empty(options.CorsOrigins);
        Assert.Equal(new CsoundDefaults("alsa", 48000, 32, 2, 1.0), options.Csound);
        Assert.Equal(new SessionLimits(16, TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(5)), options.Sessions);
        Assert.Equal(new FairShareOptions(null, TimeSpan.FromMinutes(1), 60, 2, TimeSpan.FromSeconds(10)), options.Fairness);
        Assert.Equal(8, options.Fairness.SessionShare(options.Sessions.MaxSessions));
        Assert.Null(options.Turn);
    }

    [Theory]
    [InlineData("1", "auto", 1)]
    [InlineData("5", "auto", 2)]
    [InlineData("40", "auto", 20)]
    [InlineData("40", "40", 40)]
    [InlineData("40", "3", 3)]
    public void The_share_per_client_is_half_the_cap_unless_set(string maxSessions, string perClient, int share)
    {
        var options = Inputs.Load(environment: new()
        {
            ["VISUALCSOUND_MAX_SESSIONS"] = maxSessions,
            ["VISUALCSOUND_MAX_SESSIONS_PER_CLIENT"] = perClient,
        });

        Assert.Equal(share, options.Fairness.SessionShare(options.Sessions.MaxSessions));
    }

    [Fact]
    public void Blank_values_count_as_not_set_so_compose_files_can_leave_a_variable_empty()
    {
        var options = Inputs.Load(environment: new()
        {
            ["VISUALCSOUND_WEBRTC_PUBLIC_IP"] = "",
            ["VISUALCSOUND_PORT"] = "   ",
            ["VISUALCSOUND_TURN_URLS"] = "",
        });

        Assert.Empty(options.Streaming.WebRtc.PublicAddresses);
        Assert.Equal(8000, options.Server.Port);
        Assert.Null(options.Turn);
    }

    [Fact]
    public void Ipv6_host_is_bracketed_in_the_listen_url()
    {
        var options = Inputs.Load(args: ["--host", "::1"]);

        Assert.Equal("http://[::1]:8000", options.Server.ListenUrl);
    }

    [Fact]
    public void Usage_lists_every_switch_variable_and_appsettings_key()
    {
        var usage = OrchestronSettings.Usage();

        Assert.Equal(52, OrchestronSettings.All.Count);
        foreach (var setting in OrchestronSettings.All)
        {
            Assert.Contains(setting.Switch, usage, StringComparison.Ordinal);
            Assert.Contains(setting.EnvironmentVariable, usage, StringComparison.Ordinal);
            Assert.Contains("Orchestron:" + setting.AppSettingsKey, usage, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help_is_recognised(string argument)
    {
        Assert.True(OrchestronHostOptionsLoader.IsHelpRequested(["--port", "1", argument]));
        Assert.False(OrchestronHostOptionsLoader.IsHelpRequested(["--port", "1"]));
    }
}
