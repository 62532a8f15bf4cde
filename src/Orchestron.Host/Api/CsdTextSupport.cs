using Orchestron.Host.Configuration;
using Orchestron.Host.Sessions;
using Orchestron.Streaming.Sandbox;

namespace Orchestron.Host.Api;

/// <summary>
/// Whether this host runs CSD text from the client (the operator's own instruments), and if not, what an operator
/// does to turn it on: part of <c>GET /api/runtime-config</c>, so the client can offer it or say why not.
/// </summary>
/// <param name="Accepted">True when CSD text is accepted from the operator and the sandbox it runs in is working.</param>
/// <param name="Reason">Why it is not accepted, and how an operator changes that; null when accepted.</param>
public sealed record CsdTextSupport(bool Accepted, string? Reason)
{
    internal static async Task<CsdTextSupport> ReadAsync(SecurityOptions security, SandboxAvailability sandbox)
    {
        if (!security.AllowNetworkCsd)
        {
            return new CsdTextSupport(false,
                $"This host does not accept CSD text. Its operator turns it on with {SecuritySettings.AllowNetworkCsd.Switch} "
                + $"({SecuritySettings.AllowNetworkCsd.EnvironmentVariable}=true) and an operator token; it then always runs sandboxed.");
        }

        return await sandbox.UnavailableReasonAsync().ConfigureAwait(false) is { } reason
            ? new CsdTextSupport(false, $"This host accepts CSD text, but its sandbox is unavailable: {reason}.")
            : new CsdTextSupport(true, null);
    }
}
