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
        services.AddOrchestronRateLimits(options.Security.RateLimits);
        services.AddSingleton<SessionTokens>();
        services.AddSingleton<ListenerAdmission>();
        return services;
    }

    /// <summary>Refuses cross-site state changes, then applies the rate limits; after CORS, before the endpoints.</summary>
    public static IApplicationBuilder UseOrchestronRequestGuards(this IApplicationBuilder app) =>
        app.UseMiddleware<CrossSiteRequestGuard>().UseRateLimiter();
}
