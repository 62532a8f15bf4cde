using Microsoft.Extensions.DependencyInjection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Orchestron.Host.Tests.Support;

namespace Orchestron.Host.Tests.Documentation;

/// <summary>
/// docs/api.md lists exactly the routes the running host serves, each with its method: an endpoint added, removed,
/// renamed or given another method without the page following fails here.
/// </summary>
public sealed partial class EndpointDocumentationTests
{
    [Fact]
    public async Task The_documented_endpoints_are_the_running_hosts_routes()
    {
        await using var host = await RunningHost.StartAsync();
        var served = host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["ANY"])
                .Select(method => $"{method} {Normalise(endpoint.RoutePattern.RawText ?? "")}"))
            .Order(StringComparer.Ordinal)
            .ToArray();

        var documented = RepositoryDocs.Block("api.md", "endpoints").Split('\n')
            .Select(line => DocumentedRoute().Match(line))
            .Where(match => match.Success)
            .Select(match => $"{match.Groups["method"].Value} {Normalise(match.Groups["route"].Value)}")
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.NotEmpty(served);
        Assert.Equal(served, documented);
    }

    // "/api/sessions/" and "/api/sessions" are one route; the root stays "/".
    private static string Normalise(string route) => route.Length > 1 ? route.TrimEnd('/') : route;

    [GeneratedRegex(@"^\| `(?<method>GET|POST|PUT|DELETE|PATCH) (?<route>/[^`]*)` \|")]
    private static partial Regex DocumentedRoute();
}
