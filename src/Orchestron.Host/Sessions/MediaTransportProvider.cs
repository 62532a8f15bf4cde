using Orchestron.Host.Configuration;
using Orchestron.WebRtc.Transport;

namespace Orchestron.Host.Sessions;

/// <summary>
/// Hands out the one <see cref="UdpMediaTransport"/> that <c>AddOrchestronStreaming</c> registers, resolving it on
/// first use so that the UDP socket opens with the first stream and never in local mode.
/// </summary>
public sealed class MediaTransportProvider(IServiceProvider services, OrchestronHostOptions options, ILogger<MediaTransportProvider> logger)
{
    private readonly Lazy<UdpMediaTransport> _transport = new(() =>
    {
        if (options.WebRtc.BackendIceServers.Count > 0)
        {
            logger.LogInformation(
                "The WebRTC sender is ICE-lite and gathers no server-reflexive or relayed candidates, so the backend ICE servers are not used; set {PublicIp} for a NAT 1:1 address, and give browsers a TURN server.",
                OrchestronSettings.PublicIp.EnvironmentVariable);
        }

        return services.GetRequiredService<UdpMediaTransport>();
    });

    /// <summary>The transport; the container owns and disposes it.</summary>
    public UdpMediaTransport Transport => _transport.Value;
}
