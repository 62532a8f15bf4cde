using Orchestron.Host.Configuration;
using Orchestron.WebRtc;

namespace Orchestron.Host.Sessions;

/// <summary>
/// Deletes sessions nobody uses: a session created and never started after the unstarted time, and any session
/// nobody has listened to for the idle time. Control calls are not use: a script that only sets a channel now
/// and then would otherwise hold a slot forever. A host that runs for months otherwise collects the sessions of
/// every browser tab that was closed without a delete.
/// </summary>
internal sealed class IdleSessionReaper(SessionManager sessions, OrchestronHostOptions options, TimeProvider time, ILogger<IdleSessionReaper> logger)
    : BackgroundService
{
    /// <summary>The longest pause between sweeps; shorter idle or unstarted times are swept more often.</summary>
    private static readonly TimeSpan LongestSweepInterval = TimeSpan.FromSeconds(30);

    /// <summary>Deletes every session unstarted or unheard for its time; returns how many it deleted.</summary>
    public async Task<int> SweepAsync()
    {
        if (options.Sessions.IdleTimeout is not { } idleTimeout)
        {
            return 0;
        }

        var now = time.GetUtcNow();
        var deleted = 0;
        foreach (var session in sessions.Sessions)
        {
            if (IsHeard(session))
            {
                session.Heard(now);
                continue;
            }

            var reason = Reason(session, now, idleTimeout);
            if (reason is null)
            {
                continue;
            }

            try
            {
                await sessions.DeleteAsync(session.Id, reason).ConfigureAwait(false);
                deleted++;
            }
            catch (SessionException error) when (error.Problem == SessionProblem.NotFound)
            {
                // Deleted by a client meanwhile.
            }
        }

        return deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Sessions.IdleTimeout is not { } idleTimeout)
        {
            return;
        }

        var shortest = Math.Min(idleTimeout.Ticks, options.Fairness.UnstartedTimeout.Ticks);
        var interval = TimeSpan.FromTicks(Math.Min(LongestSweepInterval.Ticks, Math.Max(shortest / 4, TimeSpan.TicksPerSecond)));
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await SweepAsync().ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogError(error, "The idle-session sweep failed; it runs again in {Interval}", interval);
            }
        }
    }

    /// <summary>
    /// Someone hears the session: a listener that completed ICE and DTLS, a forward to Janus, or (in local mode)
    /// the machine's own sound device. An offer that never connected is nobody.
    /// </summary>
    private bool IsHeard(HostSession session)
    {
        if (session.State != SessionState.Running)
        {
            return false;
        }

        if (options.AudioOutputMode == AudioOutputMode.Local)
        {
            return true;
        }

        var sender = session.Stream?.Sender;
        return sender is not null
            && (sender.ForwardCount > 0 || sender.GetListenerStatistics().Any(l => l.State == WebRtcListenerState.Connected));
    }

    /// <summary>Why the session goes now, or null while it may stay.</summary>
    private string? Reason(HostSession session, DateTimeOffset now, TimeSpan idleTimeout)
    {
        var unstarted = options.Fairness.UnstartedTimeout;
        if (session.State == SessionState.Created && now - session.CreatedAt >= unstarted)
        {
            return $"after {(now - session.CreatedAt).TotalSeconds:0} s without a start (the limit is {unstarted.TotalSeconds:0} s)";
        }

        var unheard = now - session.LastHeard;
        return unheard >= idleTimeout && now >= session.StartGraceUntil
            ? $"after {unheard.TotalMinutes:0.#} minutes with nobody listening (control calls do not count; the limit is {idleTimeout.TotalMinutes:0.#})"
            : null;
    }
}
