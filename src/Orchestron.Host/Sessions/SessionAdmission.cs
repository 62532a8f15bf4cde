using Orchestron.Host.Configuration;
using Orchestron.Streaming.Engine;

namespace Orchestron.Host.Sessions;

/// <summary>
/// Who may hold a session and who may play one: the session cap and each client's share of it (taken before the
/// compile, given back at the delete), and the playing slots (taken at the start, given back when the session's
/// parts are released), bounded by a fixed limit or by the engine's measured load.
/// </summary>
internal sealed class SessionAdmission(OrchestronHostOptions options, StreamingEngine engine)
{
    /// <summary>What a refused start is told to wait: long enough for the engine's load to be measured again.</summary>
    private static readonly TimeSpan PlayingRetryAfter = TimeSpan.FromSeconds(5);

    private readonly SessionCapacity _sessions = new(options.Sessions.MaxSessions);
    private readonly SessionCapacity _playing = new(options.Sessions.MaxPlayingSessions ?? SessionLimits.MaxMaxSessions);
    private readonly ClientSessionShares _shares = new(options.Fairness.SessionShare(options.Sessions.MaxSessions));

    /// <summary>The most sessions kept at once.</summary>
    public int MaxSessions => _sessions.MaxSessions;

    /// <summary>Session slots held now: sessions that exist plus creates still compiling.</summary>
    public int SessionsHeld => _sessions.Taken;

    /// <summary>Takes a session slot for <paramref name="client"/>, or refuses: 409 at the cap, 429 past the client's share.</summary>
    public void AdmitCreate(SessionClient client)
    {
        if (!_sessions.TryTake())
        {
            throw SessionException.Conflict("Too many sessions", $"The host keeps at most {_sessions.MaxSessions} sessions; delete one first.");
        }

        if (!_shares.TryTake(client))
        {
            _sessions.Give();
            throw _shares.Refusal(_sessions.MaxSessions, options.Fairness.UnstartedTimeout);
        }
    }

    /// <summary>Gives back what <see cref="AdmitCreate"/> took: at the delete, or when the create failed.</summary>
    public void ReleaseCreate(SessionClient client)
    {
        _sessions.Give();
        _shares.Give(client);
    }

    /// <summary>
    /// Takes a playing slot for the session, or refuses with 503: past the fixed limit, or (in streaming mode with
    /// the limit left to measurement) when the engine's measured load has no room for another session. Refusing
    /// one start is better than letting every playing session underrun.
    /// </summary>
    public void AdmitToPlay(HostSession session)
    {
        var fixedLimit = options.Sessions.MaxPlayingSessions;
        var measured = fixedLimit is not null || options.AudioOutputMode != AudioOutputMode.Streaming ? (Streaming.Engine.SessionAdmission?)null : engine.CheckAdmission();
        var engineHasRoom = measured is not { Admitted: false };
        if (!engineHasRoom || !_playing.TryTake(fixedLimit ?? int.MaxValue))
        {
            throw new SessionException(
                SessionProblem.Unavailable,
                "Too many sessions playing",
                fixedLimit is { } limit
                    ? $"The host plays at most {limit} sessions at once ({OrchestronSettings.MaxPlayingSessions.EnvironmentVariable}); try again when one stops."
                    : $"The host's cores are as busy as it lets them get: {measured?.Reason} Try again when a session stops.")
            {
                RetryAfter = PlayingRetryAfter,
            };
        }

        session.HoldsPlayingSlot = true;
    }

    /// <summary>Gives the session's playing slot back, if it holds one.</summary>
    public void ReleasePlaying(HostSession session)
    {
        if (session.HoldsPlayingSlot)
        {
            session.HoldsPlayingSlot = false;
            _playing.Give();
        }
    }
}
