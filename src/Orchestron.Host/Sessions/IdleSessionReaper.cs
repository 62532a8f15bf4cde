using Orchestron.Host.Configuration;

namespace Orchestron.Host.Sessions;

/// <summary>
/// Deletes sessions nobody uses: no listener and no control call for the configured idle time. A host that
/// runs for months otherwise collects the sessions of every browser tab that was closed without a delete.
/// </summary>
internal sealed class IdleSessionReaper(SessionManager sessions, OrchestronHostOptions options, TimeProvider time, ILogger<IdleSessionReaper> logger)
    : BackgroundService
{
    /// <summary>The longest pause between sweeps; a shorter idle time is swept more often.</summary>
    private static readonly TimeSpan LongestSweepInterval = TimeSpan.FromSeconds(30);

    /// <summary>Deletes every session idle for the configured time; returns how many it deleted.</summary>
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
            // A listener is use: someone is hearing the session even if nobody plays it; so is a forward to Janus.
            if (session.Engine?.Sender?.ListenerCount > 0 || session.Engine?.Sender?.ForwardCount > 0)
            {
                session.Touch(now);
                continue;
            }

            var idle = now - session.LastActivity;
            if (idle < idleTimeout)
            {
                continue;
            }

            try
            {
                await sessions.DeleteAsync(
                    session.Id, $"after {idle.TotalMinutes:0.#} minutes idle (no listener and no control call; the limit is {idleTimeout.TotalMinutes:0.#})")
                    .ConfigureAwait(false);
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

        var interval = TimeSpan.FromTicks(Math.Min(LongestSweepInterval.Ticks, Math.Max(idleTimeout.Ticks / 4, TimeSpan.TicksPerSecond)));
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
}
