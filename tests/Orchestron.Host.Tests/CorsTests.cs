using System.Net;
using Orchestron.Host.Tests.Support;

namespace Orchestron.Host.Tests;

public sealed class CorsTests
{
    [Fact]
    public async Task Configured_origin_may_call_the_api_and_read_the_location_header()
    {
        await using var host = await RunningHost.StartAsync(
            new() { ["VISUALCSOUND_CORS_ORIGINS"] = """["http://localhost:5173","http://localhost:8000"]""" });

        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/health");
        preflight.Headers.Add("Origin", "http://localhost:5173");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        using var preflightResponse = await host.Client.SendAsync(preflight);

        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/health");
        get.Headers.Add("Origin", "http://localhost:5173");
        using var getResponse = await host.Client.SendAsync(get);

        Assert.Equal(HttpStatusCode.NoContent, preflightResponse.StatusCode);
        Assert.Equal("http://localhost:5173", Header(preflightResponse, "Access-Control-Allow-Origin"));
        Assert.Contains("POST", Header(preflightResponse, "Access-Control-Allow-Methods"), StringComparison.Ordinal);
        Assert.Equal("http://localhost:5173", Header(getResponse, "Access-Control-Allow-Origin"));
        Assert.Equal("Location", Header(getResponse, "Access-Control-Expose-Headers"));
    }

    [Fact]
    public async Task Other_origins_get_no_cors_headers()
    {
        await using var host = await RunningHost.StartAsync(
            new() { ["VISUALCSOUND_CORS_ORIGINS"] = "http://localhost:5173" });

        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/health");
        get.Headers.Add("Origin", "http://evil.example");
        using var response = await host.Client.SendAsync(get);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Without_configured_origins_no_cross_origin_access_is_granted()
    {
        await using var host = await RunningHost.StartAsync();

        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/health");
        get.Headers.Add("Origin", "http://localhost:5173");
        using var response = await host.Client.SendAsync(get);

        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Wildcard_allows_any_origin()
    {
        await using var host = await RunningHost.StartAsync(new() { ["VISUALCSOUND_CORS_ORIGINS"] = "*" });

        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/health");
        get.Headers.Add("Origin", "http://anywhere.example");
        using var response = await host.Client.SendAsync(get);

        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
