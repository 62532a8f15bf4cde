using System.Net;
using System.Text;
using Orchestron.Host.Tests.Support;

namespace Orchestron.Host.Tests.Security;

/// <summary>
/// What a hostile web page can make a visitor's browser send to a host on their machine: requests under a
/// rebound DNS name (a foreign Host header) and CORS-simple POSTs from its own origin. Neither may change anything.
/// </summary>
public sealed class CrossSiteAttackTests
{
    [Theory]
    [InlineData("attacker.example")]
    [InlineData("attacker.example:8000")]
    [InlineData("127.0.0.1.nip.io")]
    public async Task A_request_under_a_foreign_host_name_is_400_and_creates_nothing(string hostHeader)
    {
        await using var host = await RunningHost.StartAsync();
        using var client = host.NewClient();

        using var health = new HttpRequestMessage(HttpMethod.Get, "/api/health");
        health.Headers.Host = hostHeader;
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/sessions")
        {
            Content = new StringContent("""{"instrument":"nocturne"}""", Encoding.UTF8, "application/json"),
        };
        create.Headers.Host = hostHeader;
        using var healthResponse = await client.SendAsync(health);
        using var createResponse = await client.SendAsync(create);

        Assert.Equal(HttpStatusCode.BadRequest, healthResponse.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, createResponse.StatusCode);
        Assert.Equal(0, Attack.SessionCount(host));
    }

    [Fact]
    public async Task The_loopback_names_the_host_listens_on_are_answered()
    {
        await using var host = await RunningHost.StartAsync();
        using var client = host.NewClient();

        var statuses = new List<HttpStatusCode>();
        foreach (var name in new[] { "localhost", "127.0.0.1", "[::1]" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/health");
            request.Headers.Host = $"{name}:{host.Address.Port}";
            statuses.Add((await client.SendAsync(request)).StatusCode);
        }

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData(null)]
    public async Task A_simple_post_from_a_foreign_origin_is_refused_and_creates_nothing(string? contentType)
    {
        await using var host = await RunningHost.StartAsync();
        using var client = host.NewClient();

        using var request = SimplePost("/api/sessions", contentType, "http://attacker.example");
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, Attack.SessionCount(host));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData(null)]
    public async Task A_simple_post_without_an_origin_is_refused_too_so_old_browsers_and_redirects_cannot_slip_through(string? contentType)
    {
        await using var host = await RunningHost.StartAsync();
        using var client = host.NewClient();

        using var response = await client.SendAsync(SimplePost("/api/sessions", contentType, origin: null));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(0, Attack.SessionCount(host));
    }

    [Fact]
    public async Task Basic_credentials_a_browser_attaches_by_itself_do_not_make_a_simple_post_acceptable()
    {
        await using var host = await RunningHost.StartAsync();
        using var client = host.NewClient();

        // Body-less: without the guard, this would create a session with the default instrument.
        using var request = SimplePost("/api/sessions", contentType: null, origin: null);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", "dXNlcjpwYXNz");
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(0, Attack.SessionCount(host));
    }

    [Fact]
    public async Task A_json_post_from_a_foreign_origin_is_refused_even_if_a_browser_sent_it()
    {
        await using var host = await RunningHost.StartAsync(new() { ["VISUALCSOUND_CORS_ORIGINS"] = "http://localhost:5173" });
        using var client = host.NewClient();

        using var foreign = await client.SendAsync(SimplePost("/api/sessions", "application/json", "http://attacker.example"));
        using var listed = await client.SendAsync(SimplePost("/api/sessions", "application/json", "http://localhost:5173"));
        using var own = await client.SendAsync(SimplePost("/api/sessions", "application/json", host.Address.GetLeftPart(UriPartial.Authority)));

        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.Created, listed.StatusCode);
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        Assert.Equal(2, Attack.SessionCount(host));
    }

    [Fact]
    public async Task A_foreign_origin_cannot_stop_a_session_even_with_its_token()
    {
        await using var host = await RunningHost.StartAsync();
        var id = (await host.CreateSessionAsync(new { instrument = "nocturne" })).GetProperty("id").GetString();
        (await host.Client.PostAsync($"/api/sessions/{id}/start", null)).EnsureSuccessStatusCode();

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{id}/stop");
        request.Headers.Add("Origin", "http://attacker.example");
        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("\"running\"", await host.Client.GetStringAsync($"/api/sessions/{id}"), StringComparison.Ordinal);
    }

    private static HttpRequestMessage SimplePost(string path, string? contentType, string? origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (contentType is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"instrument":"nocturne"}"""));
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return request;
    }
}
