namespace Orchestron.Host.Configuration;

/// <summary>
/// How the host shares itself between clients: session slots per client, how long a session may wait for its
/// start, how fast a session may start notes, and how listeners that never connect are kept from holding places.
/// See <see cref="FairShareSettings"/> for each setting.
/// </summary>
/// <param name="MaxSessionsPerClient">The most sessions one client (an address, or the operator token's holder) keeps at once; null for half the session cap.</param>
/// <param name="UnstartedTimeout">How long a created session may wait for its first start before it is deleted.</param>
/// <param name="MaxNoteOnsPerSecond">Note-ons one session accepts per second; 0 for no limit.</param>
/// <param name="MaxPendingListenersPerAddress">Offers from one address that may wait for ICE and DTLS at once, per session.</param>
/// <param name="ListenerConnectTimeout">How long an answered offer may take to complete ICE and DTLS before it is dropped.</param>
public sealed record FairShareOptions(
    int? MaxSessionsPerClient,
    TimeSpan UnstartedTimeout,
    int MaxNoteOnsPerSecond,
    int MaxPendingListenersPerAddress,
    TimeSpan ListenerConnectTimeout)
{
    /// <summary>The defaults.</summary>
    public static FairShareOptions Default { get; } = new(
        null,
        TimeSpan.FromSeconds(FairShareSettings.DefaultUnstartedSeconds),
        FairShareSettings.DefaultNoteOnsPerSecond,
        FairShareSettings.DefaultPendingListenersPerAddress,
        TimeSpan.FromSeconds(FairShareSettings.DefaultListenerConnectSeconds));

    /// <summary>The share of <paramref name="maxSessions"/> one client may hold: the configured one, or half the cap (at least one).</summary>
    public int SessionShare(int maxSessions) => Math.Min(maxSessions, MaxSessionsPerClient ?? Math.Max(1, maxSessions / 2));
}
