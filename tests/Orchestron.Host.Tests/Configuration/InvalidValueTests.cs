using Orchestron.Host.Configuration;

namespace Orchestron.Host.Tests.Configuration;

/// <summary>Every rejected value names the setting, the value and what would have been accepted.</summary>
public sealed class InvalidValueTests
{
    public static TheoryData<string, string, string> InvalidValues => new()
    {
        { "VISUALCSOUND_HOST", "not a host!", "an IP address or a host name" },
        { "VISUALCSOUND_PORT", "http", "an integer from 0 to 65535" },
        { "VISUALCSOUND_PORT", "65536", "an integer from 0 to 65535" },
        { "VISUALCSOUND_PORT", "-1", "an integer from 0 to 65535" },
        { "VISUALCSOUND_AUDIO_OUTPUT_MODE", "speakers", "local or streaming (aliases: browser, webrtc)" },
        { "VISUALCSOUND_WEBRTC_AUDIO_FRAME_MS", "15", "2.5, 5, 10 or 20" },
        { "VISUALCSOUND_WEBRTC_AUDIO_FRAME_MS", "40", "2.5, 5, 10 or 20" },
        { "VISUALCSOUND_WEBRTC_AUDIO_FRAME_MS", "20ms", "2.5, 5, 10 or 20" },
        { "VISUALCSOUND_WEBRTC_AUDIO_FRAME_MS", "2", "2.5, 5, 10 or 20" },
        { "VISUALCSOUND_WEBRTC_LOW_LATENCY_FRAME_MS", "10", "off, auto, 2.5 or 5" },
        { "VISUALCSOUND_WEBRTC_LOW_LATENCY_FRAME_MS", "fast", "off, auto, 2.5 or 5" },
        { "VISUALCSOUND_WEBRTC_AUDIO_QUEUE_FRAMES_MAX", "0", "an integer from 1 to 500" },
        { "VISUALCSOUND_WEBRTC_AUDIO_QUEUE_FRAMES_TARGET", "9", "an integer from 1 to the queue's maximum" },
        { "VISUALCSOUND_WEBRTC_AUDIO_QUEUE_FRAMES_TARGET", "0", "an integer from 1 to the queue's maximum" },
        { "VISUALCSOUND_WEBRTC_AUDIO_FLUSH_ON_CONNECT", "maybe", "true or false (also 1/0, yes/no, on/off)" },
        { "VISUALCSOUND_WEBRTC_AUDIO_STARTUP_KEEP_FRAMES", "9", "an integer from 0 to the queue's maximum" },
        { "VISUALCSOUND_WEBRTC_AUDIO_RED_DISTANCE", "3", "an integer from 0 (off) to 2" },
        { "VISUALCSOUND_WEBRTC_AUDIO_RED_DISTANCE", "-1", "an integer from 0 (off) to 2" },
        { "VISUALCSOUND_WEBRTC_AUDIO_OPUS_APPLICATION", "voip", "audio or restricted-lowdelay" },
        { "VISUALCSOUND_CORS_ORIGINS", "localhost:5173", "a JSON list or a comma-separated list of origins" },
        { "VISUALCSOUND_CORS_ORIGINS", "http://localhost:5173/app", "a JSON list or a comma-separated list of origins" },
        { "VISUALCSOUND_CORS_ORIGINS", "[\"http://a.example\", 5]", "a JSON list or a comma-separated list of origins" },
        { "VISUALCSOUND_CORS_ORIGINS", "[\"http://a.example\"", "a JSON list or a comma-separated list of origins" },
        { "VISUALCSOUND_WEBRTC_FRONTEND_ICE_SERVERS", "stun:stun.example.org", "a JSON list of {\"urls\", \"username\", \"credential\"}" },
        { "VISUALCSOUND_WEBRTC_FRONTEND_ICE_SERVERS", "{\"urls\":\"stun:a\"}", "a JSON list of {\"urls\", \"username\", \"credential\"}" },
        { "VISUALCSOUND_WEBRTC_BACKEND_ICE_SERVERS", "[{\"url\":\"stun:a\"}]", "a JSON list of {\"urls\", \"username\", \"credential\"}" },
        { "VISUALCSOUND_WEBRTC_UDP_PORT", "70000", "an integer from 0 to 65535" },
        { "VISUALCSOUND_WEBRTC_PUBLIC_IP", "my.example.org", "an IPv4 or IPv6 address" },
        { "VISUALCSOUND_WEBRTC_PUBLIC_IP", "10.1", "an IPv4 or IPv6 address" },
        { "VISUALCSOUND_WEBRTC_PUBLIC_IP", "300.1.1.1", "an IPv4 or IPv6 address" },
        { "VISUALCSOUND_TURN_CREDENTIAL_TTL_SECONDS", "10", "an integer from 60 to 604800" },
        { "VISUALCSOUND_CSOUND_RTAUDIO", "alsa;rm", "a Csound rtaudio module name" },
        { "VISUALCSOUND_CSOUND_SR", "4000", "an integer from 8000 to 192000" },
        { "VISUALCSOUND_CSOUND_SR", "44.1k", "an integer from 8000 to 192000" },
        { "VISUALCSOUND_CSOUND_KSMPS", "0", "an integer from 1 to 4096" },
        { "VISUALCSOUND_CSOUND_KSMPS", "4097", "an integer from 1 to 4096" },
        { "VISUALCSOUND_CSOUND_NCHNLS", "9", "an integer from 1 to 8" },
        { "VISUALCSOUND_CSOUND_0DBFS", "0", "a finite number greater than 0" },
        { "VISUALCSOUND_CSOUND_0DBFS", "-1", "a finite number greater than 0" },
        { "VISUALCSOUND_CSOUND_0DBFS", "Infinity", "a finite number greater than 0" },
        { "VISUALCSOUND_MAX_SESSIONS", "0", "an integer from 1 to 1024" },
        { "VISUALCSOUND_MAX_SESSIONS", "many", "an integer from 1 to 1024" },
        { "VISUALCSOUND_MAX_PLAYING_SESSIONS", "0", "auto, or an integer from 1 to 1024" },
        { "VISUALCSOUND_MAX_PLAYING_SESSIONS", "most", "auto, or an integer from 1 to 1024" },
        { "VISUALCSOUND_SESSION_IDLE_MINUTES", "-1", "an integer from 0 to 1440" },
        { "VISUALCSOUND_SESSION_STOP_TIMEOUT_MS", "50", "an integer from 100 to 600000" },
        { "VISUALCSOUND_MAX_SESSIONS_PER_CLIENT", "0", "auto (half the session cap, at least 1), or an integer from 1 to the session cap" },
        { "VISUALCSOUND_MAX_SESSIONS_PER_CLIENT", "half", "auto (half the session cap, at least 1), or an integer from 1 to the session cap" },
        { "VISUALCSOUND_MAX_SESSIONS_PER_CLIENT", "17", "more than the session cap (VISUALCSOUND_MAX_SESSIONS = 16)" },
        { "VISUALCSOUND_SESSION_UNSTARTED_SECONDS", "1", "an integer from 5 to 86400" },
        { "VISUALCSOUND_MAX_NOTE_ONS_PER_SECOND", "-5", "an integer from 0 to 10000 (0 turns the limit off)" },
        { "VISUALCSOUND_MAX_PENDING_LISTENERS_PER_ADDRESS", "0", "an integer from 1 to 1000" },
        { "VISUALCSOUND_LISTENER_CONNECT_SECONDS", "60", "an integer from 1 to 30" },
        { "VISUALCSOUND_JANUS_URLS", "ws://127.0.0.1:8188/", "http: or https: URLs of Janus's HTTP API" },
        { "VISUALCSOUND_JANUS_URLS", "[\"http://127.0.0.1:8088/janus\", 5]", "http: or https: URLs of Janus's HTTP API" },
    };

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public void Invalid_environment_value_names_variable_value_and_accepted_values(
        string variable, string value, string accepted)
    {
        var error = Inputs.Fails(environment: new() { [variable] = value });

        Assert.Single(error.Problems);
        Assert.Contains(variable, error.Message, StringComparison.Ordinal);
        Assert.Contains("'" + value + "'", error.Message, StringComparison.Ordinal);
        Assert.Contains(accepted, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public void Invalid_command_line_value_names_the_switch(string variable, string value, string accepted)
    {
        var setting = OrchestronSettings.All.Single(s => s.EnvironmentVariable == variable);

        var error = Inputs.Fails(args: [setting.Switch + "=" + value]);

        Assert.Contains(setting.Switch + " (command line)", error.Message, StringComparison.Ordinal);
        Assert.Contains("'" + value + "'", error.Message, StringComparison.Ordinal);
        Assert.Contains(accepted, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_appsettings_value_names_the_section_and_key()
    {
        var error = Inputs.Fails(appSettings: new() { ["Orchestron:WebRtcAudioFrameMs"] = "25" });

        Assert.Contains("Orchestron:WebRtcAudioFrameMs (appsettings)", error.Message, StringComparison.Ordinal);
        Assert.Contains("'25'", error.Message, StringComparison.Ordinal);
        Assert.Contains("2.5, 5, 10 or 20", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_low_latency_frame_that_does_not_divide_the_audio_frame_names_both_settings()
    {
        var error = Inputs.Fails(environment: new()
        {
            ["VISUALCSOUND_WEBRTC_AUDIO_FRAME_MS"] = "2.5",
            ["VISUALCSOUND_WEBRTC_LOW_LATENCY_FRAME_MS"] = "5",
        });

        var problem = Assert.Single(error.Problems);
        Assert.Contains("VISUALCSOUND_WEBRTC_LOW_LATENCY_FRAME_MS is 5", problem, StringComparison.Ordinal);
        Assert.Contains("VISUALCSOUND_WEBRTC_AUDIO_FRAME_MS (2.5)", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2.5", "auto", 2.5)]
    [InlineData("5", "auto", 5.0)]
    [InlineData("20", "auto", 5.0)]
    [InlineData("10", "2.5", 2.5)]
    public void The_low_latency_frame_follows_the_audio_frame_or_its_setting(string frameMs, string lowLatency, double expected)
    {
        var options = Inputs.Load(environment: new()
        {
            ["VISUALCSOUND_WEBRTC_AUDIO_FRAME_MS"] = frameMs,
            ["VISUALCSOUND_WEBRTC_LOW_LATENCY_FRAME_MS"] = lowLatency,
        });

        Assert.Equal(expected, (int)options.Streaming.Sender.LowLatency!.FrameDuration / 1000.0);
    }

    [Fact]
    public void Off_turns_the_low_latency_path_off()
    {
        var options = Inputs.Load(environment: new() { ["VISUALCSOUND_WEBRTC_LOW_LATENCY_FRAME_MS"] = "off" });

        Assert.Null(options.Streaming.Sender.LowLatency);
    }

    [Fact]
    public void All_problems_are_reported_together()
    {
        var error = Inputs.Fails(environment: new()
        {
            ["VISUALCSOUND_PORT"] = "eighty",
            ["VISUALCSOUND_AUDIO_OUTPUT_MODE"] = "radio",
            ["VISUALCSOUND_CSOUND_NCHNLS"] = "0",
        });

        Assert.Equal(3, error.Problems.Count);
        Assert.Contains("VISUALCSOUND_PORT", error.Message, StringComparison.Ordinal);
        Assert.Contains("VISUALCSOUND_AUDIO_OUTPUT_MODE", error.Message, StringComparison.Ordinal);
        Assert.Contains("VISUALCSOUND_CSOUND_NCHNLS", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Queue_limits_follow_a_larger_configured_maximum()
    {
        var options = Inputs.Load(environment: new()
        {
            ["VISUALCSOUND_WEBRTC_AUDIO_QUEUE_FRAMES_MAX"] = "20",
            ["VISUALCSOUND_WEBRTC_AUDIO_QUEUE_FRAMES_TARGET"] = "20",
            ["VISUALCSOUND_WEBRTC_AUDIO_STARTUP_KEEP_FRAMES"] = "0",
        });

        var audio = options.Streaming.Audio;
        Assert.Equal((20.0, 20, 20, true, 0), (audio.FrameMs, audio.QueueFramesMax, audio.QueueFramesTarget, audio.FlushOnConnect, audio.StartupKeepFrames));
    }

    [Fact]
    public void A_default_that_no_longer_fits_a_smaller_maximum_names_its_setting()
    {
        var error = Inputs.Fails(environment: new() { ["VISUALCSOUND_WEBRTC_AUDIO_QUEUE_FRAMES_MAX"] = "2" });

        var problem = Assert.Single(error.Problems);
        Assert.Contains("VISUALCSOUND_WEBRTC_AUDIO_QUEUE_FRAMES_TARGET is not set and its default '3'", problem, StringComparison.Ordinal);
        Assert.Contains("an integer from 1 to the queue's maximum", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Frame_ms_outside_the_opus_frames_names_the_setting_once()
    {
        var error = Inputs.Fails(args: ["--webrtc-audio-frame-ms", "30", "--webrtc-audio-queue-frames-max", "600"]);

        Assert.Equal(2, error.Problems.Count);
        Assert.Contains("--webrtc-audio-frame-ms (command line) has the value '30'; accepted: 2.5, 5, 10 or 20.", error.Problems[0], StringComparison.Ordinal);
        Assert.Contains("--webrtc-audio-queue-frames-max (command line) has the value '600'; accepted: an integer from 1 to 500.", error.Problems[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_render_lead_in_ms_beyond_the_queue_names_the_setting_and_frames_keeps_the_lead_in_frames()
    {
        var error = Inputs.Fails(args: ["--webrtc-audio-frame-ms", "5", "--webrtc-audio-queue-frames-max", "2", "--webrtc-audio-queue-frames-target", "1", "--webrtc-audio-render-lead-ms", "6"]);
        var options = Inputs.Load(args: ["--webrtc-audio-render-lead-ms", "frames"]);

        var problem = Assert.Single(error.Problems);
        Assert.Contains("--webrtc-audio-render-lead-ms (command line) has the value '6'", problem, StringComparison.Ordinal);
        Assert.Null(options.Streaming.Audio.RenderLeadMs);
    }

    [Fact]
    public void Unknown_switch_is_rejected_with_the_known_ones()
    {
        var error = Inputs.Fails(args: ["--prot", "8000"]);

        Assert.Contains("'--prot'", error.Message, StringComparison.Ordinal);
        Assert.Contains("--port", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Switch_without_a_value_is_rejected()
    {
        var error = Inputs.Fails(args: ["--port"]);

        Assert.Contains("--port (command line) needs a value", error.Message, StringComparison.Ordinal);
        Assert.Contains("an integer from 0 to 65535", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loose_argument_is_rejected()
    {
        var error = Inputs.Fails(args: ["streaming"]);

        Assert.Contains("'streaming'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Turn_urls_without_a_secret_are_rejected()
    {
        var error = Inputs.Fails(environment: new() { ["VISUALCSOUND_TURN_URLS"] = "turn:127.0.0.1:3478" });

        Assert.Contains("VISUALCSOUND_TURN_URLS is set but VISUALCSOUND_TURN_SECRET is not", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Turn_secret_without_urls_is_rejected()
    {
        var error = Inputs.Fails(environment: new() { ["VISUALCSOUND_TURN_SECRET"] = "s" });

        Assert.Contains("VISUALCSOUND_TURN_SECRET is set but VISUALCSOUND_TURN_URLS is not", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_turn_secret_file_is_named_without_a_second_complaint()
    {
        var error = Inputs.Fails(environment: new()
        {
            ["VISUALCSOUND_TURN_URLS"] = "turn:127.0.0.1:3478",
            ["VISUALCSOUND_TURN_SECRET_FILE"] = "/nonexistent/turn-secret",
        });

        Assert.Contains("VISUALCSOUND_TURN_SECRET_FILE (environment variable) has the value '/nonexistent/turn-secret' (it cannot be read", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("is set but", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_turn_secret_and_a_secret_file_together_are_rejected()
    {
        var error = Inputs.Fails(environment: new()
        {
            ["VISUALCSOUND_TURN_URLS"] = "turn:127.0.0.1:3478",
            ["VISUALCSOUND_TURN_SECRET"] = "s",
            ["VISUALCSOUND_TURN_SECRET_FILE"] = "/etc/hostname",
        });

        Assert.Contains("VISUALCSOUND_TURN_SECRET and VISUALCSOUND_TURN_SECRET_FILE are both set", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("A")]
    [InlineData("a-b")]
    [InlineData("abcdefghijklmnopq")]
    [InlineData("é")]
    public void A_replica_id_that_would_not_fit_a_url_or_a_proxy_rule_is_rejected(string value)
    {
        var error = Inputs.Fails(environment: new() { ["VISUALCSOUND_REPLICA_ID"] = value });

        Assert.Contains($"VISUALCSOUND_REPLICA_ID (environment variable) has the value '{value}'; accepted: 1 to 16 lowercase letters or digits", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.1", "'10.1' is not an IP address or a CIDR network")]
    [InlineData("127.0.0.1/33", "'127.0.0.1/33' is not an IP address or a CIDR network")]
    [InlineData("proxy.example.org", "'proxy.example.org' is not an IP address or a CIDR network")]
    [InlineData("[]", "the list is empty")]
    public void Trusted_proxies_must_be_addresses_or_networks(string value, string detail)
    {
        var error = Inputs.Fails(environment: new() { ["VISUALCSOUND_TRUSTED_PROXIES"] = value });

        Assert.Contains(detail, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("stun:127.0.0.1:3478", "'stun:127.0.0.1:3478' is not a turn: or turns: URL")]
    [InlineData("[]", "the list is empty")]
    public void Turn_urls_must_be_turn_urls(string value, string detail)
    {
        var error = Inputs.Fails(environment: new()
        {
            ["VISUALCSOUND_TURN_URLS"] = value,
            ["VISUALCSOUND_TURN_SECRET"] = "s",
        });

        Assert.Contains("VISUALCSOUND_TURN_URLS", error.Message, StringComparison.Ordinal);
        Assert.Contains(detail, error.Message, StringComparison.Ordinal);
        Assert.Contains("turn: or turns: URLs", error.Message, StringComparison.Ordinal);
    }
}
