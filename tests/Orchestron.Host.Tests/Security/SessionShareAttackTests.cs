using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orchestron.Host.Tests.Support;

namespace Orchestron.Host.Tests.Security;

/// <summary>
/// One address trying to hold the session slots everyone shares: past its share of the cap it is refused, a
/// session it never starts expires, and control calls on a session nobody hears do not keep it.
/// </summary>
public sealed class SessionShareAttackTests
{
    [Fact]
    public async Task One_address_holds_at_most_half_the_default_cap_and_another_address_still_creates()
    {
        await using var host = await RunningHost.StartAsync();
        using var attacker = LoopbackAddressClient.Create(host, 2);
        using var neighbour = LoopbackAddressClient.Create(host, 3);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 9; i++)
        {
            var response = await attacker.PostAsJsonAsync("/api/sessions", new { instrument = "analog-poly" });
            statuses.Add(response.StatusCode);
            refused = response.StatusCode == HttpStatusCode.TooManyRequests ? response : refused;
        }

        using var other = await neighbour.PostAsJsonAsync("/api/sessions", new { instrument = "analog-poly" });

        HttpStatusCode[] expected = [.. Enumerable.Repeat(HttpStatusCode.Created, 8), HttpStatusCode.TooManyRequests];
        Assert.Equal(expected, statuses);
        var problem = JsonDocument.Parse(await refused!.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Too many sessions for this client", problem.GetProperty("title").GetString());
        Assert.Contains("VISUALCSOUND_MAX_SESSIONS_PER_CLIENT", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(refused.Headers.RetryAfter is not null);
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        Assert.Equal(9, Attack.SessionCount(host));
    }

    [Fact]
    public async Task A_deleted_session_gives_its_address_the_slot_back()
    {
        await using var host = await RunningHost.StartAsync(null, "--max-sessions", "4");
        using var attacker = LoopbackAddressClient.Create(host, 4);

        var first = await CreateAsync(attacker);
        await CreateAsync(attacker);
        using var third = await attacker.PostAsJsonAsync("/api/sessions", new { instrument = "nocturne" });
        using var owner = LoopbackAddressClient.Create(host, 4, first.GetProperty("controlToken").GetString());
        using var deleted = await owner.DeleteAsync($"/api/sessions/{first.GetProperty("id").GetString()}");
        using var fourth = await attacker.PostAsJsonAsync("/api/sessions", new { instrument = "nocturne" });

        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.Created, fourth.StatusCode);
    }

    [Fact]
    public async Task A_session_never_started_expires_whatever_is_asked_of_it()
    {
        await using var host = await RunningHost.StartAsync(null, "--session-unstarted-seconds", "5");
        using var attacker = LoopbackAddressClient.Create(host, 5);
        var session = await CreateAsync(attacker);
        var id = session.GetProperty("id").GetString();
        using var owner = LoopbackAddressClient.Create(host, 5, session.GetProperty("controlToken").GetString());

        // Reads and channel changes every half second; none of them is a start.
        var clock = Stopwatch.StartNew();
        var status = HttpStatusCode.OK;
        while (status == HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            using var put = await owner.PutAsJsonAsync($"/api/sessions/{id}/channels/cutoff", new { value = 900 });
            using var get = await owner.GetAsync($"/api/sessions/{id}");
            status = get.StatusCode;
            await Task.Delay(500);
        }

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(30));
        Assert.Equal(0, Attack.SessionCount(host));
    }

    [Fact]
    public async Task Control_calls_do_not_keep_a_session_nobody_listens_to()
    {
        await using var host = await RunningHost.StartAsync(null, "--session-idle-minutes", "1", "--session-unstarted-seconds", "5");
        using var attacker = LoopbackAddressClient.Create(host, 6);
        var session = await CreateAsync(attacker);
        var id = session.GetProperty("id").GetString();
        using var owner = LoopbackAddressClient.Create(host, 6, session.GetProperty("controlToken").GetString());
        (await owner.PostAsync($"/api/sessions/{id}/start", null)).EnsureSuccessStatusCode();

        // A channel change, a note and a panic every two seconds: use enough to keep a session alive before.
        var clock = Stopwatch.StartNew();
        var status = HttpStatusCode.OK;
        var value = 400;
        while (status == HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(100))
        {
            value = value == 400 ? 500 : 400;
            using var put = await owner.PutAsJsonAsync($"/api/sessions/{id}/channels/cutoff", new { value });
            using var note = await owner.PostAsJsonAsync($"/api/sessions/{id}/midi-event", new { message = new[] { 144, 60, 90 } });
            using var panic = await owner.PostAsync($"/api/sessions/{id}/panic", null);
            using var get = await owner.GetAsync($"/api/sessions/{id}");
            status = get.StatusCode;
            await Task.Delay(2000);
        }

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.InRange(clock.Elapsed.TotalSeconds, 55, 100);
    }

    private static async Task<JsonElement> CreateAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("/api/sessions", new { instrument = "nocturne" });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, string.Create(CultureInfo.InvariantCulture, $"{(int)response.StatusCode}: {text}"));
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
