using Microsoft.AspNetCore.HttpOverrides;
using Orchestron.Host.Configuration;

namespace Orchestron.Host.Security;

/// <summary>Wires the host's defences: allowed hosts, cross-site refusal, rate limits, tokens and the listener cap.</summary>
public static class SecurityRegistration
{
    /// <summary>Registers the services the defences use.</summary>
    public static IServiceCollection AddOrchestronSecurity(this IServiceCollection services, OrchestronHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // The web host puts its host-filtering middleware first in every pipeline; these options are what it checks.
        services.AddHostFiltering(filtering =>
        {
            filtering.AllowedHosts = [.. options.Security.AllowedHosts];
            // Name nothing in the refusal: the 400 is for browsers tricked by DNS rebinding, not for people.
            filtering.IncludeFailureMessage = false;
        });
        services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The framework trusts loopback by default; here only the configured proxies are trusted, so a client
            // cannot pick its own rate-limit partition by sending the header itself.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var network in options.Security.TrustedProxies)
            {
                forwarded.KnownIPNetworks.Add(network);
            }

            // One proxy hop: the address the trusted proxy saw is the client's; earlier entries are the client's to forge.
            forwarded.ForwardLimit = 1;
        });
        services.AddOrchestronRateLimits(options.Security.RateLimits);
        services.AddSingleton<SessionTokens>();
        services.AddSingleton<ListenerAdmission>();
        services.AddHostedService<PendingListenerSweeper>();
        return services;
    }

    /// <summary>
    /// Takes the client's address from a trusted proxy's <c>X-Forwarded-For</c> (when proxies are configured),
    /// refuses cross-site state changes, then applies the rate limits; after CORS, before the endpoints.
    /// </summary>
    public static IApplicationBuilder UseOrchestronRequestGuards(this IApplicationBuilder app, OrchestronHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Security.TrustedProxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        return app.UseMiddleware<CrossSiteRequestGuard>().UseRateLimiter();
    }
}
