using Orchestron.Host.Configuration;

namespace Orchestron.Host.Sessions;

/// <summary>
/// Each client's share of the session cap: how many sessions every address holds, so that one address cannot
/// take the slots everyone else needs. The operator is not counted here; the cap alone bounds it.
/// </summary>
internal sealed class ClientSessionShares(int share)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _held = new(StringComparer.Ordinal);

    /// <summary>The most sessions one client holds at once.</summary>
    public int Share { get; } = share;

    /// <summary>Sessions <paramref name="client"/> holds now.</summary>
    public int Held(SessionClient client)
    {
        lock (_gate)
        {
            return _held.GetValueOrDefault(client.Key);
        }
    }

    /// <summary>Counts one more session for the client, or returns false when it already holds its share.</summary>
    public bool TryTake(SessionClient client)
    {
        if (client.IsOperator)
        {
            return true;
        }

        lock (_gate)
        {
            var held = _held.GetValueOrDefault(client.Key);
            if (held >= Share)
            {
                return false;
            }

            _held[client.Key] = held + 1;
            return true;
        }
    }

    /// <summary>The 429 for a client that holds its share: by <paramref name="retryAfter"/> any of its sessions never started has expired.</summary>
    public SessionException Refusal(int maxSessions, TimeSpan retryAfter) => new(
        SessionProblem.TooManyRequests,
        "Too many sessions for this client",
        $"This address already keeps {Share} sessions, its share of the host's {maxSessions} "
            + $"({FairShareSettings.MaxSessionsPerClient.EnvironmentVariable}); delete one first.")
    {
        RetryAfter = retryAfter,
    };

    /// <summary>Gives one session back; once for each successful <see cref="TryTake"/>.</summary>
    public void Give(SessionClient client)
    {
        if (client.IsOperator)
        {
            return;
        }

        lock (_gate)
        {
            // A client with nothing left is forgotten, so the table holds only addresses that hold sessions.
            var held = _held.GetValueOrDefault(client.Key) - 1;
            if (held > 0)
            {
                _held[client.Key] = held;
            }
            else
            {
                _held.Remove(client.Key);
            }
        }
    }
}
