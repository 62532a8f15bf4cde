using System.Globalization;
using System.Net;
using Orchestron.Host.Tests.Support;

namespace Orchestron.Host.Tests.Security;

/// <summary>One address sending requests as fast as it can: past the configured rate, every request is a 429 with Retry-After.</summary>
public sealed class FloodAttackTests
{
    [Fact]
    public async Task A_create_flood_from_one_address_gets_429_with_retry_after_past_the_default_limit()
    {
        await using var host = await RunningHost.StartAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => host.PostCreateAsync(new { instrument = "nocturne" })));

        var created = responses.Count(r => r.StatusCode == HttpStatusCode.Created);
        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(0, Math.Max(0, created - 10));
        Assert.Equal(30 - created, limited.Count);
        Assert.All(limited, r => Assert.InRange(RetryAfterSeconds(r), 1, 60));
        Assert.Equal(created, Attack.SessionCount(host));
    }

    [Fact]
    public async Task Control_and_negotiation_floods_are_limited_by_their_own_settings()
    {
        await using var host = await RunningHost.StartAsync(
            null, "--rate-limit-control-per-minute", "5", "--rate-limit-negotiations-per-minute", "3");
        var id = (await host.CreateSessionAsync(new { instrument = "nocturne" })).GetProperty("id").GetString();

        var panics = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            panics.Add((await host.Client.PostAsync($"/api/sessions/{id}/panic", null)).StatusCode);
        }

        var offers = new List<HttpResponseMessage>();
        for (var i = 0; i < 5; i++)
        {
            offers.Add(await host.Client.PostAsync($"/api/sessions/{id}/audio/webrtc", new StringContent("""{"sdp":"v=0","type":"offer"}""", System.Text.Encoding.UTF8, "application/json")));
        }

        Assert.Equal(5, panics.Count(s => s != HttpStatusCode.TooManyRequests));
        Assert.Equal(3, panics.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(3, offers.Count(r => r.StatusCode != HttpStatusCode.TooManyRequests));
        Assert.All(offers.Skip(3), r => Assert.InRange(RetryAfterSeconds(r), 1, 60));
    }

    [Fact]
    public async Task A_limit_of_zero_turns_it_off()
    {
        // The share of the cap per client is the whole cap here, so that only the rate limit could refuse.
        await using var host = await RunningHost.StartAsync(
            null, "--rate-limit-creates-per-minute", "0", "--max-sessions-per-client", "16");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 14; i++)
        {
            statuses.Add((await host.PostCreateAsync(new { instrument = "nocturne" })).StatusCode);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Created, s));
    }

    private static int RetryAfterSeconds(HttpResponseMessage response) =>
        int.Parse(response.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
}
