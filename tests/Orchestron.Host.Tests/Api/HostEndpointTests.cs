using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Orchestron.Host.Configuration;
using Orchestron.Host.Tests.Support;

namespace Orchestron.Host.Tests.Api;

public sealed class HostEndpointTests
{
    [Fact]
    public async Task Health_answers_ok_as_json()
    {
        await using var host = await RunningHost.StartAsync();

        using var response = await host.Client.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"status":"ok","sessions":0,"maxSessions":16}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Host_listens_on_loopback_at_an_ephemeral_port()
    {
        await using var host = await RunningHost.StartAsync();

        Assert.Equal("127.0.0.1", host.Address.Host);
        Assert.NotEqual(0, host.Address.Port);
    }

    [Fact]
    public async Task Runtime_config_defaults_to_streaming_with_20_ms_frames_and_no_ice_servers()
    {
        await using var host = await RunningHost.StartAsync();

        using var response = await host.Client.GetAsync("/api/runtime-config");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("streaming", json.RootElement.GetProperty("audioOutputMode").GetString());
        Assert.Equal(20, json.RootElement.GetProperty("frameMs").GetInt32());
        Assert.Equal(0, json.RootElement.GetProperty("iceServers").GetArrayLength());
    }

    [Fact]
    public async Task Runtime_config_reports_local_mode_and_frame_size_from_configuration()
    {
        await using var host = await RunningHost.StartAsync(
            new() { ["VISUALCSOUND_WEBRTC_AUDIO_FRAME_MS"] = "10" }, "--audio-output-mode", "LOCAL");

        using var json = JsonDocument.Parse(await host.Client.GetStringAsync("/api/runtime-config"));

        Assert.Equal("local", json.RootElement.GetProperty("audioOutputMode").GetString());
        Assert.Equal(10, json.RootElement.GetProperty("frameMs").GetInt32());
    }

    [Fact]
    public async Task Runtime_config_names_the_low_latency_channel_and_frame_and_leaves_it_out_when_off()
    {
        await using (var host = await RunningHost.StartAsync(null, "--webrtc-audio-frame-ms", "2.5"))
        {
            using var json = JsonDocument.Parse(await host.Client.GetStringAsync("/api/runtime-config"));
            var lowLatency = json.RootElement.GetProperty("lowLatencyAudio");
            Assert.Equal(2.5, json.RootElement.GetProperty("frameMs").GetDouble());
            Assert.Equal("orchestron-audio", lowLatency.GetProperty("label").GetString());
            Assert.Equal(2.5, lowLatency.GetProperty("frameMs").GetDouble());
        }

        await using (var host = await RunningHost.StartAsync(null, "--webrtc-low-latency-frame-ms", "off"))
        {
            using var json = JsonDocument.Parse(await host.Client.GetStringAsync("/api/runtime-config"));
            Assert.False(json.RootElement.TryGetProperty("lowLatencyAudio", out _));
        }
    }

    [Fact]
    public async Task Runtime_config_hands_a_session_token_holder_frontend_ice_servers_and_fresh_turn_rest_credentials()
    {
        await using var host = await RunningHost.StartAsync(new()
        {
            ["VISUALCSOUND_WEBRTC_FRONTEND_ICE_SERVERS"] = """[{"urls":"stun:stun.example.org:3478"}]""",
            ["VISUALCSOUND_TURN_URLS"] = "turn:127.0.0.1:3478?transport=udp",
            ["VISUALCSOUND_TURN_SECRET"] = "compose-secret",
            ["VISUALCSOUND_TURN_CREDENTIAL_TTL_SECONDS"] = "3600",
        });
        await host.CreateSessionAsync(new { });
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        using var json = JsonDocument.Parse(await host.Client.GetStringAsync("/api/runtime-config"));
        Assert.Equal(3600, json.RootElement.GetProperty("iceCredentialTtlSeconds").GetInt32());

        var after = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var servers = json.RootElement.GetProperty("iceServers");
        Assert.Equal(2, servers.GetArrayLength());
        Assert.Equal("stun:stun.example.org:3478", servers[0].GetProperty("urls")[0].GetString());
        Assert.False(servers[0].TryGetProperty("username", out _));

        var turn = servers[1];
        Assert.Equal("turn:127.0.0.1:3478?transport=udp", turn.GetProperty("urls")[0].GetString());
        var username = turn.GetProperty("username").GetString()!;
        var parts = username.Split(':');
        Assert.Equal("orchestron", parts[1]);
        Assert.InRange(long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), before + 3600, after + 3600);
        using var hmac = new HMACSHA1(Encoding.UTF8.GetBytes("compose-secret"));
        Assert.Equal(
            Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(username))),
            turn.GetProperty("credential").GetString());
    }

    [Fact]
    public async Task Instruments_lists_the_library_with_channels_and_the_default()
    {
        await using var host = await RunningHost.StartAsync();

        using var json = JsonDocument.Parse(await host.Client.GetStringAsync("/api/instruments"));

        var root = json.RootElement;
        Assert.Equal("nocturne", root.GetProperty("defaultInstrument").GetString());
        var instruments = root.GetProperty("instruments").EnumerateArray().ToList();
        Assert.Equal(["nocturne", "analog-poly", "plucked-strings", "velvet-pad"], instruments.Select(i => i.GetProperty("id").GetString()));
        var analog = instruments[1];
        Assert.Equal("Analog Poly", analog.GetProperty("name").GetString());
        Assert.False(analog.GetProperty("isDefault").GetBoolean());
        Assert.False(analog.GetProperty("playsByItself").GetBoolean());
        Assert.False(string.IsNullOrWhiteSpace(analog.GetProperty("description").GetString()));
        var cutoff = analog.GetProperty("channels")[0];
        Assert.Equal("cutoff", cutoff.GetProperty("name").GetString());
        Assert.Equal("Cutoff", cutoff.GetProperty("label").GetString());
        Assert.Equal(80, cutoff.GetProperty("min").GetDouble());
        Assert.Equal(12000, cutoff.GetProperty("max").GetDouble());
        Assert.Equal(1800, cutoff.GetProperty("default").GetDouble());
        Assert.Equal("Hz", cutoff.GetProperty("unit").GetString());
        Assert.Equal("logarithmic", cutoff.GetProperty("scale").GetString());
        Assert.Equal("linear", analog.GetProperty("channels")[1].GetProperty("scale").GetString());
    }

    [Fact]
    public async Task Unknown_api_route_is_a_problem_details_404()
    {
        await using var host = await RunningHost.StartAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/no-such-thing");
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await host.Client.SendAsync(request);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(404, json.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("Not Found", json.RootElement.GetProperty("title").GetString());
    }

    [Fact]
    public void Invalid_configuration_stops_the_build_with_the_setting_named()
    {
        var error = Assert.Throws<OrchestronConfigurationException>(() =>
            OrchestronHostApp.Build(
                ["--port", "0"], new Dictionary<string, string?> { ["VISUALCSOUND_WEBRTC_AUDIO_FRAME_MS"] = "30" }));

        Assert.Contains("VISUALCSOUND_WEBRTC_AUDIO_FRAME_MS", error.Message, StringComparison.Ordinal);
        Assert.Contains("'30'", error.Message, StringComparison.Ordinal);
        Assert.Contains("10 or 20", error.Message, StringComparison.Ordinal);
    }
}
