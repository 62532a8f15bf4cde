namespace Orchestron.Host.Sessions;

/// <summary>
/// Ends every session when the host stops, before the container disposes its singletons: the media transport
/// is created after the session manager and so would be disposed first, under sessions still streaming.
/// </summary>
internal sealed class SessionShutdown(SessionManager sessions) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => sessions.DeleteAllAsync().AsTask();
}
