using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Orchestron.Host.Configuration;
using Orchestron.WebRtc.Stun;
using Orchestron.WebRtc.Transport;
using Orchestron.WebRtc.Turn;

namespace Orchestron.Host.Relay;

/// <summary>
/// Opens the host's WebRTC transport with its backend ICE servers: the transport first, then the STUN server's
/// server-reflexive address and the TURN server's relay, both at once. Each request has 5 s to be answered, and the
/// first stream waits for both together a little longer than that (names resolved included), so that its answer
/// already offers what a server that answers at once made, and /api/health already says which one never answered (a
/// server that answers after a retry is offered from the moment it does). A server that cannot be resolved,
/// refuses or does not answer costs only its candidate: it is logged, the transport serves its other candidates,
/// and the STUN server is asked again and the relay allocated again in the background.
/// </summary>
internal static class BackendIceTransport
{
    /// <summary>How long each request to a server has to be answered, retransmissions included.</summary>
    private static readonly TimeSpan ServerAnswerTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The longest the first stream waits for the servers: past <see cref="ServerAnswerTimeout"/>, so that a server
    /// that never answers is known to have failed (and says so in /api/health) when the first answer is made, even
    /// when a busy machine runs the timeout's continuation late.
    /// </summary>
    private static readonly TimeSpan FirstAnswerWait = ServerAnswerTimeout + TimeSpan.FromSeconds(2);

    public static UdpMediaTransport Open(
        UdpMediaTransportOptions options, ILoggerFactory loggerFactory, BackendIceServers servers, BackendIceStatus status)
    {
        var transport = new UdpMediaTransport(options, loggerFactory);
        var logger = loggerFactory.CreateLogger(typeof(BackendIceTransport).FullName!);
        status.Transport = transport;
        var started = new List<Request>(2);
        if (servers.Stun is { } stun)
        {
            started.Add(Start($"stun:{stun.Host}:{stun.Port}", "STUN server", () => transport.StartServerReflexiveAsync(
                new ServerReflexiveOptions(new IPEndPoint(Resolve(stun.Host), stun.Port)) { TransactionTimeout = ServerAnswerTimeout })));
        }

        if (servers.Turn is { } turn)
        {
            started.Add(Start($"turn:{turn.Host}:{turn.Port}", "TURN relay", () =>
            {
                var server = new IPEndPoint(Resolve(turn.Host), turn.Port);
                var relay = turn.Secret is { } secret
                    ? TurnRelayOptions.WithSharedSecret(server, secret, BackendTurnServer.SecretCredentialLifetime)
                    : new TurnRelayOptions(server, turn.Username!, turn.Credential!);
                return transport.StartRelayAsync(relay with { Client = new TurnClientOptions { TransactionTimeout = ServerAnswerTimeout } });
            }));
        }

        var waitEnds = Stopwatch.GetTimestamp() + (long)(FirstAnswerWait.TotalSeconds * Stopwatch.Frequency);
        foreach (var request in started)
        {
            Wait(logger, request, Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), waitEnds));
        }

        return transport;
    }

    /// <summary>A server's first request, under way.</summary>
    private readonly record struct Request(string Url, string What, Task Answer);

    /// <summary>Starts a server's first request on the thread pool, so that resolving its name runs in the wait too.</summary>
    private static Request Start<T>(string url, string what, Func<Task<T>> start)
    {
        var answer = Task.Run(start);
        // A failure after the wait is logged by the transport; observing it here keeps it from going unobserved.
        _ = answer.ContinueWith(static task => _ = task.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return new Request(url, what, answer);
    }

    // Waits for the first answer; later answers or failures are the transport's to log.
    private static void Wait(ILogger logger, Request request, TimeSpan left)
    {
        var (url, what, answer) = request;
        try
        {
            // No synchronisation context in ASP.NET Core: waiting here cannot deadlock, and happens once.
            answer.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero).GetAwaiter().GetResult();
        }
        catch (TimeoutException)
        {
            logger.LogWarning("The {What} at {Server} did not answer within {Seconds} s; streams start without it for now",
                what, url, FirstAnswerWait.TotalSeconds);
        }
        catch (Exception error) when (error is TurnException or StunBindingException)
        {
            // Logged by the transport already, with the server's answer; it tries again in the background.
        }
        catch (Exception error) when (error is SocketException or InvalidOperationException)
        {
            logger.LogError("No {What} at {Server}: {Reason}", what, url, error.Message);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // A fault of the host's own: the candidates are extras, so it costs them and never the stream that opened the transport.
            logger.LogError(error, "The {What} at {Server} failed unexpectedly; streams start without it", what, url);
        }
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
