using Orchestron.Host.Configuration;
using Orchestron.Host.Sessions;
using Orchestron.WebRtc;

namespace Orchestron.Host.Security;

/// <summary>
/// Admits a new listener only while its session has fewer than the configured number of live listeners, so one
/// session's link cannot be used to make the host encrypt and send to an unbounded audience; and keeps offers
/// that never connect from holding those places. A listen link is meant to be shared, so anyone holding it can
/// send offers with plausible ICE credentials and fingerprints that never complete: each address may have only
/// a few still connecting per session, each is dropped when it has not completed ICE and DTLS in the connect
/// time, and when the session is full a new offer takes the place of another address's offer still connecting.
/// </summary>
public sealed class ListenerAdmission(SessionListeners listeners, OrchestronHostOptions options, TimeProvider time, ILogger<ListenerAdmission> logger)
{
    // Counting and adding are one step, or two offers at once could both take the last place.
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<PendingListener>> _pending = new(StringComparer.Ordinal);

    /// <summary>Accepts the offer from <paramref name="client"/>, or refuses it: 409 when the session is full, 429 past the address's connecting offers.</summary>
    public WebRtcAnswer Admit(string sessionId, string offerSdp, SessionClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        lock (_gate)
        {
            var (_, current) = listeners.GetStatistics(sessionId);
            var pending = PendingOf(sessionId, current);
            var live = current.Count(l => l.State is not (WebRtcListenerState.Failed or WebRtcListenerState.Closed));
            if (live >= options.Security.MaxListenersPerSession && !YieldOldestOfAnotherAddress(sessionId, pending, client))
            {
                throw SessionException.Conflict(
                    "Too many listeners",
                    $"The session already has {live} listeners, the most this host serves per session "
                        + $"({SecuritySettings.MaxListenersPerSession.EnvironmentVariable}).");
            }

            var fromClient = pending.Count(p => p.Client.Key == client.Key);
            if (fromClient >= options.Fairness.MaxPendingListenersPerAddress)
            {
                throw new SessionException(
                    SessionProblem.TooManyRequests,
                    "Too many connecting listeners",
                    $"This address already has {fromClient} offers on this session that have not completed ICE and DTLS "
                        + $"({FairShareSettings.PendingListenersPerAddress.EnvironmentVariable}); let one connect or fail first.")
                {
                    RetryAfter = options.Fairness.ListenerConnectTimeout,
                };
            }

            var answer = listeners.AcceptOffer(sessionId, offerSdp);
            pending.Add(new PendingListener(answer.ListenerId, client, time.GetTimestamp()));
            return answer;
        }
    }

    /// <summary>
    /// Drops every listener that has not completed ICE and DTLS within the connect time, and forgets those that
    /// connected, failed or left. Returns how many it dropped.
    /// </summary>
    public int Sweep()
    {
        lock (_gate)
        {
            var dropped = 0;
            foreach (var sessionId in _pending.Keys.ToArray())
            {
                IReadOnlyList<WebRtcListenerStatistics> current;
                try
                {
                    current = listeners.GetStatistics(sessionId).Listeners;
                }
                catch (SessionException error) when (error.Problem == SessionProblem.NotFound)
                {
                    _pending.Remove(sessionId);
                    continue;
                }

                var pending = PendingOf(sessionId, current);
                foreach (var overdue in pending.Where(p => time.GetElapsedTime(p.AnsweredAt) >= options.Fairness.ListenerConnectTimeout).ToArray())
                {
                    Drop(sessionId, pending, overdue, "it had not completed ICE and DTLS within the connect time");
                    dropped++;
                }

                if (pending.Count == 0)
                {
                    _pending.Remove(sessionId);
                }
            }

            return dropped;
        }
    }

    /// <summary>The session's listeners still connecting, with those that since connected, failed or left forgotten.</summary>
    private List<PendingListener> PendingOf(string sessionId, IReadOnlyList<WebRtcListenerStatistics> current)
    {
        if (!_pending.TryGetValue(sessionId, out var pending))
        {
            pending = [];
            _pending[sessionId] = pending;
        }

        pending.RemoveAll(p => !current.Any(l => l.ListenerId == p.ListenerId && l.State is WebRtcListenerState.New or WebRtcListenerState.Connecting));
        return pending;
    }

    /// <summary>Makes room in a full session by dropping the oldest offer still connecting from another address; false when there is none.</summary>
    private bool YieldOldestOfAnotherAddress(string sessionId, List<PendingListener> pending, SessionClient client)
    {
        var oldest = pending.Where(p => p.Client.Key != client.Key).MinBy(p => p.AnsweredAt);
        if (oldest is null)
        {
            return false;
        }

        Drop(sessionId, pending, oldest, "the session was full and another address's offer took its place");
        return true;
    }

    private void Drop(string sessionId, List<PendingListener> pending, PendingListener listener, string reason)
    {
        pending.Remove(listener);
        try
        {
            listeners.Remove(sessionId, listener.ListenerId);
            logger.LogInformation("Session {Session}: listener {Listener} dropped: {Reason}", sessionId, listener.ListenerId, reason);
        }
        catch (SessionException error) when (error.Problem == SessionProblem.NotFound)
        {
            // It left, or the session stopped, meanwhile.
        }
    }

    /// <summary>An answered offer still completing ICE and DTLS: whose, and when it was answered.</summary>
    private sealed record PendingListener(string ListenerId, SessionClient Client, long AnsweredAt);
}
