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
}
