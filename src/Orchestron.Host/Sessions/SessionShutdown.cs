namespace Orchestron.Host.Sessions;

/// <summary>
/// Ends every session when the host stops (SIGTERM, SIGINT), before the container disposes its singletons: each
/// stream's listeners get their RTCP BYE and DTLS close_notify while the media transport can still send them.
/// The transport is created after the session manager and so would otherwise be disposed first.
/// </summary>
internal sealed class SessionShutdown(SessionManager sessions) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deletes every session at once; bounded by the stop timeout, since a wedged render is abandoned.</summary>
    public Task StopAsync(CancellationToken cancellationToken) =>
        sessions.DeleteAllAsync("as the host stops").AsTask().WaitAsync(cancellationToken);
}
