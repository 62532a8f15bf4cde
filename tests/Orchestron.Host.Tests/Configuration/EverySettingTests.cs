using System.Globalization;
using Orchestron.Host.Configuration;

namespace Orchestron.Host.Tests.Configuration;

/// <summary>Each setting, given in each of its three places, reaches the options as the parsed value.</summary>
public sealed class EverySettingTests
{
    public static TheoryData<string, string, string> Settings => new()
    {
        { "VISUALCSOUND_HOST", "0.0.0.0", "0.0.0.0" },
        { "VISUALCSOUND_PORT", "9123", "9123" },
        { "VISUALCSOUND_AUDIO_OUTPUT_MODE", "local", "Local" },
        { "VISUALCSOUND_WEBRTC_AUDIO_FRAME_MS", "10", "10" },
        { "VISUALCSOUND_WEBRTC_AUDIO_QUEUE_FRAMES_MAX", "12", "12" },
        { "VISUALCSOUND_WEBRTC_AUDIO_QUEUE_FRAMES_TARGET", "5", "5" },
        { "VISUALCSOUND_WEBRTC_AUDIO_RENDER_LEAD_MS", "2", "2" },
        { "VISUALCSOUND_WEBRTC_AUDIO_FLUSH_ON_CONNECT", "false", "False" },
        { "VISUALCSOUND_WEBRTC_AUDIO_STARTUP_KEEP_FRAMES", "4", "4" },
        { "VISUALCSOUND_WEBRTC_AUDIO_RED_DISTANCE", "2", "2" },
        { "VISUALCSOUND_WEBRTC_AUDIO_OPUS_APPLICATION", "Restricted-LowDelay", "RestrictedLowDelay" },
        { "VISUALCSOUND_WEBRTC_LOW_LATENCY_FRAME_MS", "2.5", "2.5" },
        { "VISUALCSOUND_CORS_ORIGINS", "http://localhost:5173,http://localhost:8000", "http://localhost:5173 http://localhost:8000" },
        { "VISUALCSOUND_WEBRTC_FRONTEND_ICE_SERVERS", """[{"urls":"stun:stun.example.org:3478"}]""", "stun:stun.example.org:3478|-|-" },
        { "VISUALCSOUND_WEBRTC_UDP_PORT", "40000", "40000" },
        { "VISUALCSOUND_WEBRTC_PUBLIC_IP", "203.0.113.7", "203.0.113.7" },
        { "VISUALCSOUND_CSOUND_RTAUDIO", "jack", "jack" },
        { "VISUALCSOUND_CSOUND_SR", "44100", "44100" },
        { "VISUALCSOUND_CSOUND_KSMPS", "64", "64" },
        { "VISUALCSOUND_CSOUND_NCHNLS", "1", "1" },
        { "VISUALCSOUND_CSOUND_0DBFS", "32767", "32767" },
        { "VISUALCSOUND_MAX_SESSIONS", "40", "40" },
        { "VISUALCSOUND_MAX_PLAYING_SESSIONS", "6", "6" },
        { "VISUALCSOUND_SESSION_IDLE_MINUTES", "3", "00:03:00" },
        { "VISUALCSOUND_SESSION_STOP_TIMEOUT_MS", "750", "00:00:00.7500000" },
        { "VISUALCSOUND_OPERATOR_TOKEN", "0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdef" },
        { "VISUALCSOUND_ALLOWED_HOSTS", "orchestron.example.org,*.example.net,::1", "orchestron.example.org *.example.net [::1]" },
        { "VISUALCSOUND_RATE_LIMIT_CREATES_PER_MINUTE", "3", "3" },
        { "VISUALCSOUND_RATE_LIMIT_STARTS_PER_MINUTE", "4", "4" },
        { "VISUALCSOUND_RATE_LIMIT_NEGOTIATIONS_PER_MINUTE", "0", "0" },
        { "VISUALCSOUND_RATE_LIMIT_CONTROL_PER_MINUTE", "120", "120" },
        { "VISUALCSOUND_MAX_LISTENERS_PER_SESSION", "2", "2" },
        { "VISUALCSOUND_REPLICA_ID", "b2", "b2" },
        { "VISUALCSOUND_TRUSTED_PROXIES", "127.0.0.1,172.28.0.0/24,::1", "127.0.0.1/32 172.28.0.0/24 ::1/128" },
        { "VISUALCSOUND_JANUS_URLS", "http://127.0.0.1:8088/janus,https://janus2.example.org/janus", "http://127.0.0.1:8088/janus https://janus2.example.org/janus" },
        { "VISUALCSOUND_JANUS_API_SECRET", "janusrocks", "janusrocks" },
        { "VISUALCSOUND_JANUS_ADMIN_KEY", "supersecret", "supersecret" },
        { "VISUALCSOUND_ISOLATION", "sandbox", "Sandbox" },
        { "VISUALCSOUND_MAX_SESSIONS_PER_CLIENT", "3", "3" },
        { "VISUALCSOUND_SESSION_UNSTARTED_SECONDS", "90", "00:01:30" },
        { "VISUALCSOUND_MAX_NOTE_ONS_PER_SECOND", "25", "25" },
        { "VISUALCSOUND_MAX_PENDING_LISTENERS_PER_ADDRESS", "4", "4" },
        { "VISUALCSOUND_LISTENER_CONNECT_SECONDS", "7", "00:00:07" },
        { "VISUALCSOUND_SESSION_CPU_SHARE", "0.25", "0.25" },
        { "VISUALCSOUND_SESSION_OVER_SHARE_SECONDS", "8", "00:00:08" },
        { "VISUALCSOUND_RENDER_POOL_CORES", "1.5", "1.5" },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void Environment_variable_is_read(string variable, string value, string expected)
    {
        var options = Inputs.FromEnvironment(variable, value);

        Assert.Equal(expected, Describe(options, variable));
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void Command_line_switch_with_separate_value_is_read(string variable, string value, string expected)
    {
        var options = Inputs.Load(args: [Definition(variable).Switch, value]);

        Assert.Equal(expected, Describe(options, variable));
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void Command_line_switch_with_equals_is_read(string variable, string value, string expected)
    {
        var options = Inputs.Load(args: [Definition(variable).Switch + "=" + value]);

        Assert.Equal(expected, Describe(options, variable));
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void Appsettings_key_is_read(string variable, string value, string expected)
    {
        var options = Inputs.Load(appSettings: new() { [Definition(variable).AppSettingsPath] = value });

        Assert.Equal(expected, Describe(options, variable));
    }

    [Fact]
    public void Every_setting_but_backend_ice_servers_the_turn_ones_and_network_csd_is_covered_by_the_table()
    {
        // Backend ICE servers are read in BackendIceServersTests; the others are read in pairs below.
        var covered = Settings.Select(row => (string)row[0]).ToHashSet();
        var uncovered = OrchestronSettings.All.Select(s => s.EnvironmentVariable).Where(v => !covered.Contains(v));

        Assert.Equal(
            ["VISUALCSOUND_WEBRTC_BACKEND_ICE_SERVERS", "VISUALCSOUND_TURN_URLS", "VISUALCSOUND_TURN_SECRET", "VISUALCSOUND_TURN_SECRET_FILE", "VISUALCSOUND_TURN_CREDENTIAL_TTL_SECONDS", "VISUALCSOUND_ALLOW_NETWORK_CSD"],
            uncovered);
    }

    [Theory]
    [InlineData("env")]
    [InlineData("cli")]
    [InlineData("appsettings")]
    public void Turn_settings_are_read_together(string place)
    {
        var values = new Dictionary<string, string>
        {
            ["VISUALCSOUND_TURN_URLS"] = "turn:127.0.0.1:3478?transport=udp,turns:turn.example.org:5349",
            ["VISUALCSOUND_TURN_SECRET"] = "s3cret",
            ["VISUALCSOUND_TURN_CREDENTIAL_TTL_SECONDS"] = "600",
        };
        var options = place switch
        {
            "env" => Inputs.Load(environment: values.ToDictionary(p => p.Key, p => (string?)p.Value)),
            "cli" => Inputs.Load(args: values.SelectMany(p => new[] { Definition(p.Key).Switch, p.Value }).ToArray()),
            _ => Inputs.Load(appSettings: values.ToDictionary(p => Definition(p.Key).AppSettingsPath, p => (string?)p.Value)),
        };

        Assert.NotNull(options.Turn);
        Assert.Equal(["turn:127.0.0.1:3478?transport=udp", "turns:turn.example.org:5349"], options.Turn.Urls);
        Assert.Equal("s3cret", options.Turn.Secret);
        Assert.Equal(TimeSpan.FromMinutes(10), options.Turn.CredentialLifetime);
        Assert.DoesNotContain("s3cret", options.Turn.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("env")]
    [InlineData("cli")]
    [InlineData("appsettings")]
    public void The_turn_secret_is_read_from_its_file_without_surrounding_whitespace(string place)
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "  f1le-s3cret\n");
            var values = new Dictionary<string, string>
            {
                ["VISUALCSOUND_TURN_URLS"] = "turn:127.0.0.1:3478",
                ["VISUALCSOUND_TURN_SECRET_FILE"] = file,
            };
            var options = place switch
            {
                "env" => Inputs.Load(environment: values.ToDictionary(p => p.Key, p => (string?)p.Value)),
                "cli" => Inputs.Load(args: values.SelectMany(p => new[] { Definition(p.Key).Switch, p.Value }).ToArray()),
                _ => Inputs.Load(appSettings: values.ToDictionary(p => Definition(p.Key).AppSettingsPath, p => (string?)p.Value)),
            };

            Assert.Equal("f1le-s3cret", options.Turn?.Secret);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void An_idle_time_of_zero_keeps_idle_sessions()
    {
        var options = Inputs.FromEnvironment("VISUALCSOUND_SESSION_IDLE_MINUTES", "0");

        Assert.Null(options.Sessions.IdleTimeout);
    }

    [Fact]
    public void Boolean_switch_without_a_value_means_true()
    {
        var options = Inputs.Load(
            args: ["--webrtc-audio-flush-on-connect", "--port", "8001"],
            environment: new() { ["VISUALCSOUND_WEBRTC_AUDIO_FLUSH_ON_CONNECT"] = "false" });

        Assert.True(options.Streaming.Audio.FlushOnConnect);
        Assert.Equal(8001, options.Server.Port);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("1", true)]
    [InlineData("yes", true)]
    [InlineData("On", true)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    [InlineData("No", false)]
    [InlineData("off", false)]
    public void Boolean_spellings_are_accepted(string text, bool expected)
    {
        var options = Inputs.FromEnvironment("VISUALCSOUND_WEBRTC_AUDIO_FLUSH_ON_CONNECT", text);

        Assert.Equal(expected, options.Streaming.Audio.FlushOnConnect);
    }

    [Fact]
    public void Switch_names_are_matched_without_regard_to_letter_case()
    {
        var options = Inputs.Load(args: ["--Audio-Output-Mode", "local"]);

        Assert.Equal(AudioOutputMode.Local, options.AudioOutputMode);
    }

    private static SettingDefinition Definition(string variable) =>
        OrchestronSettings.All.Single(s => s.EnvironmentVariable == variable);

    private static string Describe(OrchestronHostOptions o, string variable) => variable switch
    {
        "VISUALCSOUND_HOST" => o.Server.Host,
        "VISUALCSOUND_PORT" => Text(o.Server.Port),
        "VISUALCSOUND_AUDIO_OUTPUT_MODE" => o.AudioOutputMode.ToString(),
        "VISUALCSOUND_WEBRTC_AUDIO_FRAME_MS" => o.Streaming.Audio.FrameMs.ToString(CultureInfo.InvariantCulture),
        "VISUALCSOUND_WEBRTC_LOW_LATENCY_FRAME_MS" => o.Streaming.Sender.LowLatency is { } lowLatency
            ? ((int)lowLatency.FrameDuration / 1000.0).ToString(CultureInfo.InvariantCulture)
            : "off",
        "VISUALCSOUND_WEBRTC_AUDIO_QUEUE_FRAMES_MAX" => Text(o.Streaming.Audio.QueueFramesMax),
        "VISUALCSOUND_WEBRTC_AUDIO_QUEUE_FRAMES_TARGET" => Text(o.Streaming.Audio.QueueFramesTarget),
        "VISUALCSOUND_WEBRTC_AUDIO_RENDER_LEAD_MS" => o.Streaming.Audio.RenderLeadMs?.ToString(CultureInfo.InvariantCulture) ?? "frames",
        "VISUALCSOUND_WEBRTC_AUDIO_FLUSH_ON_CONNECT" => o.Streaming.Audio.FlushOnConnect.ToString(),
        "VISUALCSOUND_WEBRTC_AUDIO_STARTUP_KEEP_FRAMES" => Text(o.Streaming.Audio.StartupKeepFrames),
        "VISUALCSOUND_WEBRTC_AUDIO_RED_DISTANCE" => Text(o.Streaming.Sender.RedundancyDistance),
        "VISUALCSOUND_WEBRTC_AUDIO_OPUS_APPLICATION" => o.Streaming.Sender.Opus.Application.ToString(),
        "VISUALCSOUND_CORS_ORIGINS" => string.Join(' ', o.CorsOrigins),
        "VISUALCSOUND_WEBRTC_FRONTEND_ICE_SERVERS" => Servers(o.WebRtc.FrontendIceServers),
        "VISUALCSOUND_WEBRTC_UDP_PORT" => Text(o.Streaming.WebRtc.UdpPort),
        "VISUALCSOUND_WEBRTC_PUBLIC_IP" => o.Streaming.WebRtc.PublicAddresses.SingleOrDefault()?.ToString() ?? "none",
        "VISUALCSOUND_CSOUND_RTAUDIO" => o.Csound.RtAudioModule,
        "VISUALCSOUND_CSOUND_SR" => Text(o.Csound.SampleRate),
        "VISUALCSOUND_CSOUND_KSMPS" => Text(o.Csound.Ksmps),
        "VISUALCSOUND_CSOUND_NCHNLS" => Text(o.Csound.Channels),
        "VISUALCSOUND_CSOUND_0DBFS" => o.Csound.ZeroDbfs.ToString(CultureInfo.InvariantCulture),
        "VISUALCSOUND_MAX_SESSIONS" => Text(o.Sessions.MaxSessions),
        "VISUALCSOUND_MAX_PLAYING_SESSIONS" => o.Sessions.MaxPlayingSessions is { } playing ? Text(playing) : "auto",
        "VISUALCSOUND_SESSION_IDLE_MINUTES" => o.Sessions.IdleTimeout?.ToString("c", CultureInfo.InvariantCulture) ?? "never",
        "VISUALCSOUND_SESSION_STOP_TIMEOUT_MS" => o.Sessions.StopTimeout.ToString("c", CultureInfo.InvariantCulture),
        "VISUALCSOUND_OPERATOR_TOKEN" => o.Security.OperatorToken ?? "none",
        "VISUALCSOUND_ALLOWED_HOSTS" => string.Join(' ', o.Security.AllowedHosts),
        "VISUALCSOUND_RATE_LIMIT_CREATES_PER_MINUTE" => Text(o.Security.RateLimits.CreatesPerMinute),
        "VISUALCSOUND_RATE_LIMIT_STARTS_PER_MINUTE" => Text(o.Security.RateLimits.StartsPerMinute),
        "VISUALCSOUND_RATE_LIMIT_NEGOTIATIONS_PER_MINUTE" => Text(o.Security.RateLimits.NegotiationsPerMinute),
        "VISUALCSOUND_RATE_LIMIT_CONTROL_PER_MINUTE" => Text(o.Security.RateLimits.ControlPerMinute),
        "VISUALCSOUND_MAX_LISTENERS_PER_SESSION" => Text(o.Security.MaxListenersPerSession),
        "VISUALCSOUND_REPLICA_ID" => o.ReplicaId ?? "none",
        "VISUALCSOUND_TRUSTED_PROXIES" => string.Join(' ', o.Security.TrustedProxies),
        "VISUALCSOUND_JANUS_URLS" => string.Join(' ', o.Janus.Urls.Select(url => url.OriginalString)),
        "VISUALCSOUND_JANUS_API_SECRET" => o.Janus.ApiSecret ?? "none",
        "VISUALCSOUND_JANUS_ADMIN_KEY" => o.Janus.AdminKey ?? "none",
        "VISUALCSOUND_ISOLATION" => o.Security.LibraryIsolation.ToString(),
        "VISUALCSOUND_MAX_SESSIONS_PER_CLIENT" => o.Fairness.MaxSessionsPerClient is { } share ? Text(share) : "auto",
        "VISUALCSOUND_SESSION_UNSTARTED_SECONDS" => o.Fairness.UnstartedTimeout.ToString("c", CultureInfo.InvariantCulture),
        "VISUALCSOUND_MAX_NOTE_ONS_PER_SECOND" => Text(o.Fairness.MaxNoteOnsPerSecond),
        "VISUALCSOUND_MAX_PENDING_LISTENERS_PER_ADDRESS" => Text(o.Fairness.MaxPendingListenersPerAddress),
        "VISUALCSOUND_LISTENER_CONNECT_SECONDS" => o.Fairness.ListenerConnectTimeout.ToString("c", CultureInfo.InvariantCulture),
        "VISUALCSOUND_SESSION_CPU_SHARE" => o.CpuShare.CoreShare?.ToString(CultureInfo.InvariantCulture) ?? "auto",
        "VISUALCSOUND_SESSION_OVER_SHARE_SECONDS" => o.CpuShare.OverShareTimeout.ToString("c", CultureInfo.InvariantCulture),
        "VISUALCSOUND_RENDER_POOL_CORES" => o.CpuShare.CapacityCores?.ToString(CultureInfo.InvariantCulture) ?? "auto",
        _ => throw new ArgumentOutOfRangeException(nameof(variable), variable, "not in the table"),
    };

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Servers(IReadOnlyList<IceServer> servers) => string.Join(' ', servers.Select(s =>
        string.Join(',', s.Urls) + "|" + (s.Username ?? "-") + "|" + (s.Credential ?? "-")));
}
