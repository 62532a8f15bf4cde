using Orchestron.Host.Sessions;

namespace Orchestron.Host.Security;

/// <summary>
/// Checks the control and listen tokens of the sessions: each session carries its own, made with it and gone with
/// it, so a deleted session's tokens open nothing without anything to revoke or prune.
/// </summary>
public sealed class SessionTokens(SessionManager sessions)
{
    /// <summary>Stands in for a missing session's grant; its tokens are random, and would not count even if matched.</summary>
    private static readonly SessionGrant Unknown = new(string.Empty, SecretToken.Create(), SecretToken.Create());

    /// <summary>What <paramref name="token"/> allows on the session; <see cref="SessionAccess.None"/> for an unknown session.</summary>
    public SessionAccess Check(string sessionId, string? token)
    {
        if (token is null)
        {
            return SessionAccess.None;
        }

        // An unknown session costs the same comparisons as a known one, so timing does not tell which ids exist.
        var known = sessions.TryGet(sessionId, out var session);
        var grant = known ? session!.Grant : Unknown;

        // Both comparisons always run, so the time taken does not tell which token kind was close.
        var control = SecretToken.Matches(token, grant.ControlToken);
        var listen = SecretToken.Matches(token, grant.ListenToken);
        return !known ? SessionAccess.None : control ? SessionAccess.Control : listen ? SessionAccess.Listen : SessionAccess.None;
    }

    /// <summary>Whether <paramref name="token"/> opens any of the given sessions.</summary>
    public bool OpensAny(string? token, IEnumerable<string> sessionIds) =>
        token is not null && sessionIds.Any(id => Check(id, token) != SessionAccess.None);
}
