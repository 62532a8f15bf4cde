using System.Collections.Concurrent;

namespace Orchestron.Host.Security;

/// <summary>
/// The control and listen tokens of every session: issued at creation, checked on every session request,
/// revoked on deletion. Sessions that disappear otherwise (stopped by the host) are pruned at the next issue.
/// </summary>
public sealed class SessionTokens
{
    private readonly ConcurrentDictionary<string, SessionGrant> _grants = new(StringComparer.Ordinal);

    /// <summary>Stands in for a missing grant; its tokens are random, and would not count even if matched.</summary>
    private static readonly SessionGrant Unknown = new(string.Empty, SecretToken.Create(), SecretToken.Create());

    /// <summary>Issues fresh tokens for a new session, forgetting those of sessions that no longer exist.</summary>
    /// <param name="sessionId">The new session.</param>
    /// <param name="sessionExists">
    /// Whether a session exists now. Asked per session at the moment of pruning, not from an earlier snapshot,
    /// so a session created (and its grant issued) by a concurrent request is never mistaken for a gone one.
    /// </param>
    public SessionGrant Issue(string sessionId, Func<string, bool> sessionExists)
    {
        ArgumentNullException.ThrowIfNull(sessionExists);
        foreach (var stale in _grants.Keys.Where(id => id != sessionId && !sessionExists(id)))
        {
            _grants.TryRemove(stale, out _);
        }

        var grant = new SessionGrant(sessionId, SecretToken.Create(), SecretToken.Create());
        _grants[sessionId] = grant;
        return grant;
    }

    /// <summary>What <paramref name="token"/> allows on the session; <see cref="SessionAccess.None"/> for an unknown session.</summary>
    public SessionAccess Check(string sessionId, string? token)
    {
        if (token is null)
        {
            return SessionAccess.None;
        }

        // An unknown session costs the same comparisons as a known one, so timing does not tell which ids exist.
        var known = _grants.TryGetValue(sessionId, out var grant);
        grant = known ? grant! : Unknown;

        // Both comparisons always run, so the time taken does not tell which token kind was close.
        var control = SecretToken.Matches(token, grant.ControlToken);
        var listen = SecretToken.Matches(token, grant.ListenToken);
        return !known ? SessionAccess.None : control ? SessionAccess.Control : listen ? SessionAccess.Listen : SessionAccess.None;
    }

    /// <summary>Whether <paramref name="token"/> opens any of the given sessions.</summary>
    public bool OpensAny(string? token, IEnumerable<string> sessionIds) =>
        token is not null && sessionIds.Any(id => Check(id, token) != SessionAccess.None);

    /// <summary>Forgets a deleted session's tokens.</summary>
    public void Revoke(string sessionId) => _grants.TryRemove(sessionId, out _);
}
