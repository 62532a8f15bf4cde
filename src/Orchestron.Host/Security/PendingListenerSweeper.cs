namespace Orchestron.Host.Security;

/// <summary>Drops listeners that did not connect in time, once a second, even when no new offer arrives to do it.</summary>
internal sealed class PendingListenerSweeper(ListenerAdmission admission, TimeProvider time, ILogger<PendingListenerSweeper> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                admission.Sweep();
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogError(error, "The sweep of connecting listeners failed; it runs again in {Interval}", Interval);
            }
        }
    }
}
