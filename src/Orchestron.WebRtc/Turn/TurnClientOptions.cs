namespace Orchestron.WebRtc.Turn;

/// <summary>Timeouts and lifetimes of a <see cref="TurnClient"/>.</summary>
public sealed class TurnClientOptions
{
    /// <summary>
    /// How long one request (with its retransmissions) may go unanswered before the server counts as gone.
    /// RFC 8489's 39.5 s would leave a listener in silence for that long; 5 s by default.
    /// </summary>
    public TimeSpan TransactionTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often the allocation, the permissions (which expire after 300 s) and the channels (600 s) are renewed;
    /// at most half the allocation's lifetime. 120 s by default.
    /// </summary>
    public TimeSpan RefreshPeriod { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The LIFETIME each Refresh asks for; 600 s (RFC 8656's default) by default.</summary>
    public TimeSpan RequestedLifetime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Checks the periods; a client is never made with options that fail this.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A period is out of range.</exception>
    public void Validate()
    {
        if (TransactionTimeout < TimeSpan.FromMilliseconds(100) || TransactionTimeout > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentOutOfRangeException(nameof(TransactionTimeout), TransactionTimeout, "The TURN transaction timeout is 100 ms to 1 min.");
        }

        // RFC 8656 lets a server cap a lifetime at 3600 s.
        if (RequestedLifetime < TimeSpan.FromSeconds(2) || RequestedLifetime > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(nameof(RequestedLifetime), RequestedLifetime, "The requested TURN lifetime is 2 s to 1 h.");
        }

        if (RefreshPeriod < TimeSpan.FromSeconds(1) || RefreshPeriod > RequestedLifetime / 2)
        {
            throw new ArgumentOutOfRangeException(nameof(RefreshPeriod), RefreshPeriod, "The TURN refresh period is 1 s to half the requested lifetime.");
        }
    }
}
