using System.Net;
using System.Net.Sockets;
using Orchestron.Host.Configuration;
using Orchestron.WebRtc.Transport;
using Orchestron.WebRtc.Turn;

namespace Orchestron.Host.Relay;

/// <summary>
/// Opens the host's WebRTC transport with a relay on the backend TURN server: the transport first, then the
/// allocation, waited for at most 5 s so that the first stream's answers can already offer it (a slower one is
/// offered from the moment it exists). A server that cannot be resolved, refuses or does not answer costs the
/// relay only: it is logged and the transport serves its host candidates.
/// </summary>
internal static class RelayedMediaTransport
{
    /// <summary>The longest the first stream waits for the allocation.</summary>
    private static readonly TimeSpan AllocationWait = TimeSpan.FromSeconds(5);

    public static UdpMediaTransport Open(UdpMediaTransportOptions options, ILoggerFactory loggerFactory, BackendTurnServer server)
    {
        var transport = new UdpMediaTransport(options, loggerFactory);
        var logger = loggerFactory.CreateLogger(typeof(RelayedMediaTransport).FullName!);
        try
        {
            var address = Resolve(server.Host);
            var relay = new TurnRelayOptions(new IPEndPoint(address, server.Port), server.Username, server.Credential)
            {
                Client = new TurnClientOptions { TransactionTimeout = AllocationWait },
            };

            // No synchronisation context in ASP.NET Core: waiting here cannot deadlock, and happens once.
            var allocation = transport.StartRelayAsync(relay);
            // A failure after the wait is logged by the transport; observing it here keeps it from going unobserved.
            _ = allocation.ContinueWith(static task => _ = task.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            allocation.WaitAsync(AllocationWait).GetAwaiter().GetResult();
        }
        catch (TimeoutException)
        {
            // The allocation goes on; answers offer the relay from the moment it exists, or its failure is logged.
            logger.LogWarning("The TURN relay at {Server} was not allocated within {Seconds} s; streams start without it for now",
                $"{server.Host}:{server.Port}", AllocationWait.TotalSeconds);
        }
        catch (Exception error) when (error is TurnException or SocketException or InvalidOperationException)
        {
            // TurnException is logged by the transport already, with the server's answer.
            if (error is not TurnException)
            {
                logger.LogError("No TURN relay at {Server}: {Reason}", $"{server.Host}:{server.Port}", error.Message);
            }
        }

        return transport;
    }

    private static IPAddress Resolve(string host)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            return literal;
        }

        return Dns.GetHostAddresses(host, AddressFamily.InterNetwork).FirstOrDefault()
            ?? throw new InvalidOperationException($"{host} has no IPv4 address");
    }
}
