namespace Orchestron.Host.Publishing;

/// <summary>
/// Removes the Janus mountpoints of sessions that stopped, ended or were deleted, every few seconds: their forwards
/// died with their streams, and a mountpoint without a source would otherwise stay on the Janus server; then the
/// viewers of those sessions.
/// </summary>
internal sealed class JanusPublicationSweeper(JanusPublisher publisher, JanusViewers viewers, ILogger<JanusPublicationSweeper> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!publisher.IsEnabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await publisher.SweepAsync(stoppingToken).ConfigureAwait(false);
                await viewers.SweepAsync().ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogWarning(error, "Sweeping Janus publications failed");
            }
        }
    }
}
