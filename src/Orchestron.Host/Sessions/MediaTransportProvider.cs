using Orchestron.WebRtc.Transport;

namespace Orchestron.Host.Sessions;

/// <summary>
/// Hands out the one <see cref="UdpMediaTransport"/> that <c>AddOrchestronStreaming</c> registers, resolving it on
/// first use so that the UDP socket opens with the first stream and never in local mode.
/// </summary>
/// <remarks>
/// Only a transport that opened is kept: when the bind fails (the port is taken, the address is gone), the next
/// start tries again, so a passing problem does not disable streaming until the host restarts.
/// </remarks>
public sealed class MediaTransportProvider(IServiceProvider services)
{
    private readonly Lock _gate = new();
    private UdpMediaTransport? _transport;

    /// <summary>The transport; the container owns and disposes it.</summary>
    /// <exception cref="InvalidOperationException">The UDP socket could not be bound; the next call tries again.</exception>
    public UdpMediaTransport Transport
    {
        get
        {
            if (Volatile.Read(ref _transport) is { } transport)
            {
                return transport;
            }

            lock (_gate)
            {
                return _transport ??= Open();
            }
        }
    }

    // The container does not keep a singleton whose factory threw, so asking again opens the socket again.
    private UdpMediaTransport Open() => services.GetRequiredService<UdpMediaTransport>();
}
