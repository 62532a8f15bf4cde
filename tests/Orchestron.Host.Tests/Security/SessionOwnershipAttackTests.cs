using System.Net;
using System.Text.Json;
using Orchestron.Host.Tests.Support;

namespace Orchestron.Host.Tests.Security;

/// <summary>
/// A stranger who knows (or guesses) a running session's id tries every request its owner can make: with no
/// token, with the token of a session of their own, with a guessed token, and with the session's listen
/// token. None may get through, and the owner's session must be running as before.
/// </summary>
public sealed class SessionOwnershipAttackTests
{
    [Fact]
    public async Task Listing_sessions_shows_a_stranger_nothing_and_an_owner_only_their_own()
    {
        await using var host = await RunningHost.StartAsync();
        var victim = await host.CreateSessionAsync(new { instrument = "nocturne" });
        using var stranger = host.NewClient();
        var strangers = await host.PostCreateAsync(new { instrument = "velvet-pad" });
        var strangerToken = (await JsonAsync(strangers)).GetProperty("controlToken").GetString();
        using var strangerWithSession = host.NewClient(strangerToken);

        var seenByNobody = await ListedIdsAsync(stranger);
        var seenByOtherOwner = await ListedIdsAsync(strangerWithSession);
        var seenByOwner = await ListedIdsAsync(host.Client);

        Assert.Empty(seenByNobody);
        Assert.DoesNotContain(victim.GetProperty("id").GetString(), seenByOtherOwner);
        Assert.Single(seenByOtherOwner);
        Assert.Equal([victim.GetProperty("id").GetString()], seenByOwner);
    }

    [Fact]
    public async Task No_request_about_anothers_session_gets_through_without_its_control_token()
    {
        await using var host = await RunningHost.StartAsync();
        var victim = await host.CreateSessionAsync(new { instrument = "analog-poly" });
        var id = victim.GetProperty("id").GetString()!;
        var listenToken = victim.GetProperty("listenToken").GetString()!;
        (await host.Client.PostAsync($"/api/sessions/{id}/start", null)).EnsureSuccessStatusCode();
        using var other = await host.PostCreateAsync(new { instrument = "nocturne" });
        var othersToken = (await JsonAsync(other)).GetProperty("controlToken").GetString()!;
        var guessedToken = new string('a', 64);
        using var attacker = host.NewClient();

        var gotThrough = 0;
        var statuses = new List<string>();
        foreach (var (method, path, json) in Attack.ControlRequests(id))
        {
            // Without a token, a body-less POST or DELETE is CORS-simple and refused as such (415) before any
            // session is looked at; the others are asked for a token (401).
            var withoutToken = json is null && method != HttpMethod.Get ? HttpStatusCode.UnsupportedMediaType : HttpStatusCode.Unauthorized;
            foreach (var (token, expected) in new (string?, HttpStatusCode)[]
            {
                (null, withoutToken),
                (othersToken, HttpStatusCode.NotFound),
                (guessedToken, HttpStatusCode.NotFound),
            })
            {
                using var response = await attacker.SendAsync(Attack.Request(method, path, token, json));
                gotThrough += Attack.Succeeded(response) ? 1 : 0;
                statuses.Add($"{method} {path} token={(token is null ? "none" : token[..4])}: {(int)response.StatusCode}");
                Assert.True(expected == response.StatusCode, string.Join('\n', statuses));
            }
        }

        // The listen token opens listening (and the session's state), nothing that changes it.
        foreach (var (method, path, json) in Attack.ControlRequests(id).Where(r => r.Method != HttpMethod.Get && !r.Path.EndsWith("/audio/webrtc", StringComparison.Ordinal)))
        {
            using var response = await attacker.SendAsync(Attack.Request(method, path, listenToken, json));
            gotThrough += Attack.Succeeded(response) ? 1 : 0;
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        Assert.Equal(0, gotThrough);
        using var challenged = await attacker.GetAsync($"/api/sessions/{id}");
        Assert.Equal("Bearer", challenged.Headers.WwwAuthenticate.Single().Scheme);
        var state = await JsonAsync(await host.Client.GetAsync($"/api/sessions/{id}"));
        Assert.Equal("running", state.GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_wrong_token_for_a_real_session_looks_exactly_like_an_unknown_session()
    {
        await using var host = await RunningHost.StartAsync();
        var id = (await host.CreateSessionAsync(new { instrument = "nocturne" })).GetProperty("id").GetString()!;
        var unknownId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        using var attacker = host.NewClient(new string('b', 64));

        using var real = await attacker.PostAsync($"/api/sessions/{id}/stop", null);
        using var unknown = await attacker.PostAsync($"/api/sessions/{unknownId}/stop", null);

        Assert.Equal(HttpStatusCode.NotFound, real.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var realBody = (await real.Content.ReadAsStringAsync()).Replace(id, "ID", StringComparison.Ordinal);
        var unknownBody = (await unknown.Content.ReadAsStringAsync()).Replace(unknownId, "ID", StringComparison.Ordinal);
        Assert.Equal(Normalize(unknownBody), Normalize(realBody));
    }

    [Fact]
    public async Task A_deleted_sessions_tokens_open_nothing_any_more()
    {
        await using var host = await RunningHost.StartAsync();
        var session = await host.CreateSessionAsync(new { instrument = "nocturne" });
        var id = session.GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.NoContent, (await host.Client.DeleteAsync($"/api/sessions/{id}")).StatusCode);

        using var response = await host.Client.GetAsync($"/api/sessions/{id}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await ListedIdsAsync(host.Client));
    }

    private static async Task<List<string?>> ListedIdsAsync(HttpClient client)
    {
        var list = await JsonAsync(await client.GetAsync("/api/sessions"));
        return [.. list.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("id").GetString())];
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The problem body without its per-request trace id.</summary>
    private static string Normalize(string problem) =>
        System.Text.RegularExpressions.Regex.Replace(problem, "\"traceId\":\"[^\"]*\"", string.Empty);
}
