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

    [Fact]
    public async Task Through_haproxy_a_client_that_names_a_new_address_each_time_still_meets_its_limit()
    {
        await using var stack = await ScaleOutStack.StartAsync(new() { ["VISUALCSOUND_RATE_LIMIT_CREATES_PER_MINUTE"] = "1" });
        using var client = new HttpClient { BaseAddress = stack.Proxy.Address };
        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 4; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sessions") { Content = JsonContent.Create(new { instrument = "nocturne" }) };
            request.Headers.Add("X-Forwarded-For", $"198.51.100.{i}");
            using var response = await client.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        // The replicas believe only the last hop, the address HAProxy saw (HAProxy also drops the client's header).
        // Four creates over two replicas put two on one of them, and the second of those meets the one-a-minute
        // limit, whatever the client claimed to be.
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Contains(HttpStatusCode.Created, statuses);
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
