using System.Net;
using System.Text.Json;
using Orchestron.Host.Tests.Support;

namespace Orchestron.Host.Tests.Security;

/// <summary>
/// The TURN relay's credentials are handed only to holders of a live session's token; anyone else asking for
/// the runtime configuration gets servers that need no credentials and nothing more.
/// </summary>
public sealed class TurnCredentialAttackTests
{
    private static readonly Dictionary<string, string?> TurnSettings = new()
    {
        ["VISUALCSOUND_WEBRTC_FRONTEND_ICE_SERVERS"] =
            """[{"urls":"stun:stun.example.org:3478"},{"urls":"turn:static.example.org:3478","username":"u","credential":"static-password"}]""",
        ["VISUALCSOUND_TURN_URLS"] = "turn:127.0.0.1:3478?transport=udp",
        ["VISUALCSOUND_TURN_SECRET"] = "compose-secret",
    };

    [Fact]
    public async Task Without_a_live_sessions_token_no_relay_credentials_are_handed_out()
    {
        await using var host = await RunningHost.StartAsync(TurnSettings);
        // Someone else's live session, so that a check that merely asks "is there a session?" would fail here.
        await host.CreateSessionAsync(new { });
        var deleted = await host.CreateSessionAsync(new { });
        var deletedToken = deleted.GetProperty("controlToken").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await host.Client.DeleteAsync($"/api/sessions/{deleted.GetProperty("id").GetString()}")).StatusCode);

        var gotThrough = 0;
        foreach (var token in new[] { null, new string('c', 64), deletedToken, "Basic " })
        {
            using var client = host.NewClient(token);
            var config = JsonDocument.Parse(await client.GetStringAsync("/api/runtime-config")).RootElement;
            var servers = config.GetProperty("iceServers").EnumerateArray().ToList();
            gotThrough += servers.Count(s => s.TryGetProperty("credential", out _));
            Assert.Equal(["stun:stun.example.org:3478"], servers.Select(s => s.GetProperty("urls")[0].GetString()));
            Assert.False(config.TryGetProperty("iceCredentialTtlSeconds", out _));
        }

        Assert.Equal(0, gotThrough);
    }

    [Fact]
    public async Task A_listen_token_gets_short_lived_relay_credentials()
    {
        await using var host = await RunningHost.StartAsync(TurnSettings);
        var session = await host.CreateSessionAsync(new { });
        using var listener = host.NewClient(session.GetProperty("listenToken").GetString());

        var config = JsonDocument.Parse(await listener.GetStringAsync("/api/runtime-config")).RootElement;

        var credentialed = config.GetProperty("iceServers").EnumerateArray().Where(s => s.TryGetProperty("credential", out _)).ToList();
        Assert.Equal(2, credentialed.Count);
        Assert.Equal(600, config.GetProperty("iceCredentialTtlSeconds").GetInt32());
        var expiry = long.Parse(credentialed[1].GetProperty("username").GetString()!.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expiry - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 590, 610);
    }
}
