using System.Threading.RateLimiting;

namespace Orchestron.Host.Security;

/// <summary>
/// The control rate limit's token buckets, one per client address, shared by the HTTP control endpoints and the
/// control data channel: a client that plays over both draws from one bucket, so the channel is no way around the
/// limit. Each bucket is <see cref="RateLimitPolicies.Bucket"/> of the control requests per minute.
/// </summary>
public sealed class ControlRequestBuckets : IDisposable
{
    private readonly PartitionedRateLimiter<string> _buckets;

    /// <summary>Buckets for <paramref name="perMinute"/> control requests a minute per address; 0 turns the limit off.</summary>
    public ControlRequestBuckets(int perMinute)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(perMinute);
        PerMinute = perMinute;
        _buckets = PartitionedRateLimiter.Create<string, string>(partition => perMinute == 0
            ? RateLimitPartition.GetNoLimiter(partition)
            : RateLimitPartition.GetTokenBucketLimiter(partition, _ => RateLimitPolicies.Bucket(perMinute)));
    }

    /// <summary>Control requests per minute per address; 0 when unlimited.</summary>
    public int PerMinute { get; }

    /// <summary>Takes one request's place in <paramref name="partition"/>'s bucket: false when it is empty.</summary>
    public bool TryTake(string partition)
    {
        using var lease = _buckets.AttemptAcquire(partition);
        return lease.IsAcquired;
    }

    /// <summary>
    /// The ASP.NET Core rate limiter's view of one address's bucket: the middleware keeps and disposes its views as it
    /// likes, while the bucket itself lives here.
    /// </summary>
    internal RateLimiter ViewOf(string partition) => new BucketView(_buckets, partition);

    /// <inheritdoc/>
    public void Dispose() => _buckets.Dispose();

    private sealed class BucketView(PartitionedRateLimiter<string> buckets, string partition) : RateLimiter
    {
        private long _lastUsed = TimeProvider.System.GetTimestamp();

        public override TimeSpan? IdleDuration => TimeProvider.System.GetElapsedTime(Interlocked.Read(ref _lastUsed));

        public override RateLimiterStatistics? GetStatistics() => buckets.GetStatistics(partition);

        protected override RateLimitLease AttemptAcquireCore(int permitCount)
        {
            Interlocked.Exchange(ref _lastUsed, TimeProvider.System.GetTimestamp());
            return buckets.AttemptAcquire(partition, permitCount);
        }

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
        {
            Interlocked.Exchange(ref _lastUsed, TimeProvider.System.GetTimestamp());
            return buckets.AcquireAsync(partition, permitCount, cancellationToken);
        }
    }
}
