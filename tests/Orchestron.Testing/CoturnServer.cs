using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Orchestron.Testing;

/// <summary>
/// Debian's coturn on 127.0.0.1 with the deployment's own <c>docker/turnserver.conf</c> and the secret on the
/// command line as docker-compose.yaml passes it (<c>use-auth-secret</c>, the TURN REST scheme); the command line
/// adds what a loopback-only test needs: 127.0.0.1 addresses, a free port, relaying to the loopback peer, a log file.
/// </summary>
public sealed class CoturnServer : IDisposable
{
    /// <summary>coturn's executable (Debian package coturn).</summary>
    public const string ExecutablePath = "/usr/bin/turnserver";

    private readonly DaemonProcess _daemon;

    private CoturnServer(DaemonProcess daemon, int port, string secret)
    {
        _daemon = daemon;
        Port = port;
        Secret = secret;
    }

    /// <summary>The deployment's <c>docker/turnserver.conf</c> in the repository these tests were built from.</summary>
    public static string DeploymentConfigurationFile
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Orchestron.sln")))
                {
                    return Path.Combine(directory.FullName, "docker", "turnserver.conf");
                }
            }

            throw new InvalidOperationException($"No Orchestron.sln above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>The UDP and TCP port coturn listens on, on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The shared secret of the TURN REST credentials.</summary>
    public string Secret { get; }

    /// <summary>The server's TURN URL over UDP.</summary>
    public string Url => $"turn:127.0.0.1:{Port}?transport=udp";

    /// <summary>Starts coturn with <paramref name="configurationFile"/> (the deployment's turnserver.conf) and waits until it answers.</summary>
    /// <param name="configurationFile">The turnserver.conf coturn runs with.</param>
    /// <param name="extraArguments">Options added after the test's own, e.g. <c>--stale-nonce=5</c>.</param>
    /// <param name="restartOf">A server that was stopped, whose port and secret this one takes over, as a restarted coturn would.</param>
    public static async Task<CoturnServer> StartAsync(string configurationFile, IReadOnlyList<string>? extraArguments = null, CoturnServer? restartOf = null)
    {
        var secret = restartOf?.Secret ?? Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        // A port found free can be taken by another process before coturn binds it: then another one is tried, unless
        // this is a restart, whose port is the point.
        for (var attempt = 1; ; attempt++)
        {
            var port = restartOf?.Port ?? FreePort();
            try
            {
                return await StartOnAsync(configurationFile, extraArguments, port, secret);
            }
            catch (PortTakenException) when (restartOf is null && attempt < 3)
            {
            }
        }
    }

    private static async Task<CoturnServer> StartOnAsync(string configurationFile, IReadOnlyList<string>? extraArguments, int port, string secret)
    {
        // turnserver.conf logs to stdout, as a container's log should, so the daemon's output is its log.
        var daemon = DaemonProcess.Start(ExecutablePath, "coturn", folder =>
        [
            "-c", configurationFile, $"--static-auth-secret={secret}",
            "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", $"--listening-port={port}",
            // The deployment denies loopback peers; this test's peer is on loopback, so it alone is allowed here.
            "--allow-loopback-peers", "--allowed-peer-ip=127.0.0.1",
            $"--pidfile={Path.Combine(folder, "turnserver.pid")}",
            .. extraArguments ?? [],
        ]);
        var server = new CoturnServer(daemon, port, secret);
        try
        {
            await server.WaitUntilListeningAsync();
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

    // A port free for both UDP and TCP on loopback now: coturn listens on both.
    private static int FreePort()
    {
        while (true)
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)udp.LocalEndPoint!).Port;
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                tcp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException error) when (error.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                // Taken for TCP: another.
            }
        }
    }

    // coturn answers a STUN binding request once its UDP listener is up; asking is the only reliable sign of that.
    private async Task WaitUntilListeningAsync()
    {
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var request = new byte[20];
        request[1] = 0x01;
        request[4] = 0x21; request[5] = 0x12; request[6] = 0xA4; request[7] = 0x42;
        RandomNumberGenerator.Fill(request.AsSpan(8));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (ReadLog().Contains("Address already in use", StringComparison.Ordinal))
            {
                throw new PortTakenException($"turnserver could not bind 127.0.0.1:{Port}: {ReadLog()}");
            }

            if (_daemon.Process.HasExited)
            {
                throw new InvalidOperationException($"turnserver exited with code {_daemon.Process.ExitCode}: {ReadLog()}");
            }

            await client.SendAsync(request, new IPEndPoint(IPAddress.Loopback, Port));
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(250));
            try
            {
                var response = await client.ReceiveAsync(wait.Token);
                if (response.Buffer.Length >= 20 && response.Buffer[0] == 0x01 && response.Buffer[1] == 0x01)
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                // Not listening yet; ask again.
            }
        }

        throw new InvalidOperationException($"turnserver did not answer a STUN binding request on 127.0.0.1:{Port} within 20 s: {ReadLog()}");
    }

    /// <summary>coturn found its port taken by another process.</summary>
    private sealed class PortTakenException(string message) : InvalidOperationException(message);
}
