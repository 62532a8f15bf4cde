using Orchestron.Streaming.Sandbox;

namespace Orchestron.Host.Sessions;

/// <summary>Runs the sandbox probe as the host starts and says in the log whether network CSD can run.</summary>
internal sealed class SandboxProbe(SandboxAvailability sandbox, ILogger<SandboxProbe> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var reason = await sandbox.UnavailableReasonAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        if (reason is null)
        {
            logger.LogInformation(
                "Sandboxed sessions are available (bubblewrap {Bwrap}, worker {Worker})", sandbox.Options.BwrapPath, sandbox.Options.WorkerPath);
        }
        else
        {
            logger.LogWarning(
                "Sandboxed sessions are unavailable: {Reason}. CSD text from the network is refused, and so are library "
                + "sessions if isolation is 'sandbox'; nothing runs unsandboxed in their place.", reason);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
