using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Orchestron.Host.Tests.Support;
using Orchestron.Testing;
using Orchestron.WebRtc.Turn;

namespace Orchestron.Host.Tests.Configuration;

/// <summary>
/// The backend STUN and TURN servers in a running host: with Debian's coturn on loopback (the deployment's
/// turnserver.conf), the answers offer the relay the host allocated, with fixed credentials or with credentials it
/// made from the shared secret, and /api/health shows the relay and the server-reflexive address; with a server
/// that never answers or refuses, the stream starts anyway, the answers offer the host candidates only, and
/// /api/health says why.
/// </summary>
public sealed partial class BackendRelayHostTests
{
    [Fact]
    public async Task Answers_offer_the_relay_the_host_allocated_on_its_turn_server()
    {
        using var coturn = await CoturnServer.StartAsync(CoturnServer.DeploymentConfigurationFile);
        var credentials = TurnRestCredentials.Create(coturn.Secret, "orchestron-host", TimeSpan.FromHours(1));
        var servers = JsonSerializer.Serialize(new[] { new { urls = $"turn:127.0.0.1:{coturn.Port}", username = credentials.Username, credential = credentials.Credential } });
        await using var host = await RunningHost.StartAsync(new() { ["VISUALCSOUND_WEBRTC_BACKEND_ICE_SERVERS"] = servers });

        var answer = await AnswerAsync(host);

        var relay = RelayCandidate().Match(answer);
        Assert.True(relay.Success, answer);
        Assert.Equal("127.0.0.1", relay.Groups["address"].Value);
        // A port of turnserver.conf's relay range: coturn made it.
        Assert.InRange(int.Parse(relay.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture), 49160, 49200);
    }

    [Fact]
    public async Task A_turn_server_that_never_answers_costs_the_relay_only()
    {
        // A bound socket that reads nothing: datagrams to it vanish, as to a server that went away.
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)silent.LocalEndPoint!).Port;
        var servers = $$"""[{"urls":"turn:127.0.0.1:{{port}}","username":"u","credential":"p"}]""";
        await using var host = await RunningHost.StartAsync(new() { ["VISUALCSOUND_WEBRTC_BACKEND_ICE_SERVERS"] = servers });

        var answer = await AnswerAsync(host);

        Assert.DoesNotMatch(RelayCandidate(), answer);
        Assert.Contains("typ host", answer, StringComparison.Ordinal);
        var health = await BackendIceHealthAsync(host);
        Assert.Equal("failed", health.GetProperty("relay").GetString());
        Assert.Contains("did not answer Allocate", health.GetProperty("relayError").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_shared_secret_the_host_makes_its_own_credentials_and_health_shows_the_relay()
    {
        using var coturn = await CoturnServer.StartAsync(CoturnServer.DeploymentConfigurationFile);
        var servers = JsonSerializer.Serialize(new object[]
        {
            new { urls = $"stun:127.0.0.1:{coturn.Port}" },
            new { urls = $"turn:127.0.0.1:{coturn.Port}", secret = coturn.Secret },
        });
        await using var host = await RunningHost.StartAsync(new() { ["VISUALCSOUND_WEBRTC_BACKEND_ICE_SERVERS"] = servers });

        var answer = await AnswerAsync(host);

        Assert.Matches(RelayCandidate(), answer);
        var health = await BackendIceHealthAsync(host);
        Assert.Equal("allocated", health.GetProperty("relay").GetString());
        // On loopback the STUN server sees the host candidate itself, which is therefore not offered twice.
        Assert.StartsWith("127.0.0.1:", health.GetProperty("serverReflexive").GetString(), StringComparison.Ordinal);
        Assert.False(health.TryGetProperty("relayError", out _));
    }

    [Fact]
    public async Task A_refused_secret_costs_the_relay_only_and_health_says_why()
    {
        using var coturn = await CoturnServer.StartAsync(CoturnServer.DeploymentConfigurationFile);
        var servers = JsonSerializer.Serialize(new[] { new { urls = $"turn:127.0.0.1:{coturn.Port}", secret = "not-the-secret" } });
        await using var host = await RunningHost.StartAsync(new() { ["VISUALCSOUND_WEBRTC_BACKEND_ICE_SERVERS"] = servers });

        var answer = await AnswerAsync(host);

        Assert.DoesNotMatch(RelayCandidate(), answer);
        var health = await BackendIceHealthAsync(host);
        Assert.Equal("failed", health.GetProperty("relay").GetString());
        Assert.Contains("401", health.GetProperty("relayError").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stun_server_that_never_answers_costs_its_candidate_only_and_health_says_why()
    {
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)silent.LocalEndPoint!).Port;
        await using var host = await RunningHost.StartAsync(new() { ["VISUALCSOUND_WEBRTC_BACKEND_ICE_SERVERS"] = $$"""[{"urls":"stun:127.0.0.1:{{port}}"}]""" });

        var answer = await AnswerAsync(host);

        Assert.Contains("typ host", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("typ srflx", answer, StringComparison.Ordinal);
        var health = await BackendIceHealthAsync(host);
        Assert.False(health.TryGetProperty("serverReflexive", out _));
        Assert.Contains("did not answer a Binding request", health.GetProperty("serverReflexiveError").GetString(), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> BackendIceHealthAsync(RunningHost host)
    {
        var text = await host.Client.GetStringAsync("/api/health");
        return JsonDocument.Parse(text).RootElement.GetProperty("backendIce").Clone();
    }

    private static async Task<string> AnswerAsync(RunningHost host)
    {
        var id = (await host.CreateSessionAsync(new { instrument = "nocturne" })).GetProperty("id").GetString()!;
        using (var started = await host.Client.PostAsync($"/api/sessions/{id}/start", null))
        {
            Assert.True(started.IsSuccessStatusCode, $"start: {(int)started.StatusCode} {await started.Content.ReadAsStringAsync()}");
        }

        using var listener = new LoopbackListener();
        using var response = await host.Client.PostAsJsonAsync($"/api/sessions/{id}/audio/webrtc", new { sdp = listener.Offer(), type = "offer" });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("sdp").GetString()!;
    }

    [GeneratedRegex(@"a=candidate:\S+ 1 udp \d+ (?<address>[\d.]+) (?<port>\d+) typ relay raddr [\d.]+ rport \d+")]
    private static partial Regex RelayCandidate();
}
