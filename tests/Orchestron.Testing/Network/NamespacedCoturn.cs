using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Orchestron.Testing.Network;

/// <summary>
/// Debian's coturn inside a namespace of a <see cref="TestNetwork"/> (the "internet"), with the deployment's own
/// <c>turnserver.conf</c> and a fresh shared secret (TURN REST credentials). The command line adds only what the
/// test network needs: the addresses it listens on, the address its relays are made on, and the one peer it may
/// relay to (the deployment's configuration denies every private range, the test network's 10.0.0.0/8 among them).
/// </summary>
public sealed class NamespacedCoturn : IDisposable
{
    /// <summary>coturn's executable (Debian package coturn).</summary>
    public const string ExecutablePath = "/usr/bin/turnserver";

    /// <summary>The port coturn listens on for UDP and TCP, as in the deployment.</summary>
    public const int Port = 3478;

    private readonly DaemonProcess _daemon;

    private NamespacedCoturn(DaemonProcess daemon, string secret)
    {
        _daemon = daemon;
        Secret = secret;
    }

    /// <summary>The shared secret of the TURN REST credentials.</summary>
    public string Secret { get; }

    /// <summary>
    /// Starts coturn in <paramref name="inside"/> and waits until it accepts a TCP connection from
    /// <paramref name="probeFrom"/> on <paramref name="probeAddress"/>.
    /// </summary>
    /// <param name="configurationFile">The deployment's turnserver.conf.</param>
    /// <param name="inside">The namespace coturn runs in.</param>
    /// <param name="listeningAddresses">The addresses of <paramref name="inside"/> coturn listens on.</param>
    /// <param name="relayAddress">The address of <paramref name="inside"/> its relayed transport addresses are made on.</param>
    /// <param name="allowedPeer">The only peer address it relays to.</param>
    /// <param name="probeFrom">A namespace from which coturn's TCP port is reachable, to learn that it is up.</param>
    /// <param name="probeAddress">The address coturn is reached at from <paramref name="probeFrom"/>.</param>
    public static async Task<NamespacedCoturn> StartAsync(
        string configurationFile,
        NetworkNamespace inside,
        IReadOnlyList<IPAddress> listeningAddresses,
        IPAddress relayAddress,
        IPAddress allowedPeer,
        NetworkNamespace probeFrom,
        IPAddress probeAddress)
    {
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        // ip netns exec replaces itself with turnserver, so killing the daemon's process kills coturn.
        var daemon = DaemonProcess.Start(IpCommand.Ip, "iproute2", folder =>
        [
            "netns", "exec", inside.Name, ExecutablePath,
            "-c", configurationFile, $"--static-auth-secret={secret}",
            .. listeningAddresses.Select(address => $"--listening-ip={address}"),
            $"--relay-ip={relayAddress}", $"--listening-port={Port}",
            $"--allowed-peer-ip={allowedPeer}",
            $"--pidfile={Path.Combine(folder, "turnserver.pid")}",
        ]);
        var server = new NamespacedCoturn(daemon, secret);
        try
        {
            await server.WaitUntilListeningAsync(probeFrom, new IPEndPoint(probeAddress, Port));
        }
        catch
        {
            server.Dispose();
            throw;
        }

        return server;
    }

    /// <summary>Everything coturn has logged so far.</summary>
    public string ReadLog() => _daemon.ReadLog();

    /// <summary>Stops coturn.</summary>
    public void Dispose() => _daemon.Dispose();

    private async Task WaitUntilListeningAsync(NetworkNamespace probeFrom, IPEndPoint endpoint)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            if (_daemon.Process.HasExited)
            {
                throw new InvalidOperationException($"turnserver exited with code {_daemon.Process.ExitCode}: {ReadLog()}");
            }

            // A socket made inside the probing namespace stays there, whichever thread connects it.
            using var probe = probeFrom.CreateInside(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            try
            {
                await probe.ConnectAsync(endpoint, wait.Token);
                return;
            }
            catch (Exception error) when (error is SocketException or OperationCanceledException)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"turnserver did not accept a TCP connection on {endpoint} within 20 s: {ReadLog()}", error);
                }

                await Task.Delay(100);
            }
        }
    }
}
