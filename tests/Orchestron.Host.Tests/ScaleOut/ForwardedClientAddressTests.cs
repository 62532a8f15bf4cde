using System.Net;
using System.Net.Http.Json;
using Orchestron.Host.Tests.Support;

namespace Orchestron.Host.Tests.ScaleOut;

/// <summary>
/// Behind a proxy every request comes from the proxy's address; the host counts rate limits against the client
/// address a trusted proxy forwards, and ignores the header from anyone else.
/// </summary>
public sealed class ForwardedClientAddressTests
{
    [Fact]
    public async Task Behind_a_trusted_proxy_each_forwarded_client_has_its_own_create_limit()
    {
        await using var host = await RunningHost.StartAsync(null, "--trusted-proxies", "127.0.0.1", "--rate-limit-creates-per-minute", "1");

        Assert.Equal(HttpStatusCode.Created, await CreateAsFor(host, "198.51.100.1"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await CreateAsFor(host, "198.51.100.1"));
        Assert.Equal(HttpStatusCode.Created, await CreateAsFor(host, "198.51.100.2"));
    }

    [Fact]
    public async Task Without_trusted_proxies_a_forwarded_address_does_not_buy_a_fresh_limit()
    {
        await using var host = await RunningHost.StartAsync(null, "--rate-limit-creates-per-minute", "1");

        Assert.Equal(HttpStatusCode.Created, await CreateAsFor(host, "198.51.100.1"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await CreateAsFor(host, "198.51.100.2"));
    }

    [Fact]
    public async Task A_client_cannot_slip_its_own_address_in_front_of_the_one_the_proxy_appends()
    {
        await using var host = await RunningHost.StartAsync(null, "--trusted-proxies", "127.0.0.1", "--rate-limit-creates-per-minute", "1");

        Assert.Equal(HttpStatusCode.Created, await CreateAsFor(host, "203.0.113.5, 198.51.100.1"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await CreateAsFor(host, "203.0.113.6, 198.51.100.1"));
    }

    private static async Task<HttpStatusCode> CreateAsFor(RunningHost host, string forwardedFor)
    {
        using var client = host.NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sessions") { Content = JsonContent.Create(new { instrument = "nocturne" }) };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
