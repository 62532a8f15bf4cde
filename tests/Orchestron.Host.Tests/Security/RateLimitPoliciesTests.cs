using Orchestron.Host.Security;

namespace Orchestron.Host.Tests.Security;

/// <summary>The rate limiter's buckets and partitions on their own.</summary>
public sealed class RateLimitPoliciesTests
{
    [Theory]
    [InlineData(10, 10, 1, 6.0)]
    [InlineData(30, 30, 1, 2.0)]
    [InlineData(60, 60, 1, 1.0)]
    [InlineData(6000, 6000, 100, 1.0)]
    [InlineData(90, 90, 2, 1.0)]
    public void A_rate_per_minute_becomes_a_bucket_of_a_minutes_worth_refilled_evenly(int perMinute, int limit, int tokens, double periodSeconds)
    {
        var bucket = RateLimitPolicies.Bucket(perMinute);

        Assert.Equal((limit, tokens, periodSeconds, 0), (bucket.TokenLimit, bucket.TokensPerPeriod, bucket.ReplenishmentPeriod.TotalSeconds, bucket.QueueLimit));
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    public void Rate_limits_count_an_ipv4_address_or_an_ipv6_slash_64_as_one_client(string address, string partition)
    {
        Assert.Equal(partition, RateLimitPolicies.ClientPartition(System.Net.IPAddress.Parse(address)));
    }
}
