using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Orchestron.Host.Configuration;
using Orchestron.Host.Sessions;

namespace Orchestron.Host.Security;

/// <summary>
/// ASP.NET Core rate limiter policies, one token bucket per client address and request kind. A bucket holds a
/// minute's worth of requests and refills evenly, so a burst passes and a flood is refused with 429 and a
/// <c>Retry-After</c> saying when the next request would pass.
/// </summary>
public static class RateLimitPolicies
{
    /// <summary>Session creation.</summary>
    public const string Create = "orchestron-create";

    /// <summary>Session start.</summary>
    public const string Start = "orchestron-start";

    /// <summary>WebRTC offers.</summary>
    public const string Negotiate = "orchestron-negotiate";

    /// <summary>Stop, delete, panic, MIDI, channels, leaving.</summary>
    public const string Control = "orchestron-control";

    /// <summary>Registers the four policies with the limits from <paramref name="limits"/>.</summary>
    public static IServiceCollection AddOrchestronRateLimits(this IServiceCollection services, RateLimitOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        // The control buckets are shared with the control data channel, so they live outside the middleware.
        var control = new ControlRequestBuckets(limits.ControlPerMinute);
        services.AddSingleton(_ => control);
        return services.AddRateLimiter(limiter =>
        {
            limiter.OnRejected = RejectAsync;
            AddPolicy(limiter, Create, limits.CreatesPerMinute);
            AddPolicy(limiter, Start, limits.StartsPerMinute);
            AddPolicy(limiter, Negotiate, limits.NegotiationsPerMinute);
            limiter.AddPolicy(Control, context => RateLimitPartition.Get(ClientAddress(context), control.ViewOf));
        });
    }

    /// <summary>The bucket for <paramref name="perMinute"/> requests a minute: the whole minute's worth at once, refilled evenly.</summary>
    public static TokenBucketRateLimiterOptions Bucket(int perMinute)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perMinute, 1);
        // Refill once a second when that adds whole tokens; slower rates refill one token at a time.
        var (period, tokens) = perMinute >= 60
            ? (TimeSpan.FromSeconds(1), (perMinute + 59) / 60)
            : (TimeSpan.FromSeconds(60.0 / perMinute), 1);
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }

    private static void AddPolicy(RateLimiterOptions limiter, string name, int perMinute) =>
        limiter.AddPolicy(name, context => perMinute == 0
            ? RateLimitPartition.GetNoLimiter(string.Empty)
            : RateLimitPartition.GetTokenBucketLimiter(ClientAddress(context), _ => Bucket(perMinute)));

    /// <summary>
    /// The partition a client's requests count against: its IPv4 address, or its IPv6 /64 (one machine usually
    /// holds a whole /64, and could otherwise step through addresses to escape its limit). Behind a reverse proxy
    /// this is the client's address only when the proxy is trusted (<c>VISUALCSOUND_TRUSTED_PROXIES</c>), so
    /// that the forwarded-headers middleware has put the address the proxy saw in its place.
    /// </summary>
    public static string ClientPartition(IPAddress? address) => SessionClient.PartitionOf(address);

    private static string ClientAddress(HttpContext context) => ClientPartition(context.Connection.RemoteIpAddress);

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 60;
        var response = rejected.HttpContext.Response;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await Results.Problem(
            title: "Too many requests",
            detail: $"This address has sent too many such requests; try again in {seconds} s.",
            statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(rejected.HttpContext);
    }
}
