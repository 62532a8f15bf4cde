using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Orchestron.Host.Tests.ScaleOut;

/// <summary>
/// Debian's HAProxy in the foreground with the shipped <c>docker/haproxy/haproxy.cfg</c>, listening on a free
/// loopback port and pointed at two replicas' loopback addresses through the file's environment variables.
/// </summary>
internal sealed class HaproxyProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private HaproxyProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>What HAProxy printed: its warnings name every server that went down or came up.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    public static string ConfigPath => Path.Combine(RepositoryRoot(), "docker", "haproxy", "haproxy.cfg");

    public static async Task<HaproxyProcess> StartAsync(Uri replicaA, Uri replicaB)
    {
        var port = FreePort();
        var start = new ProcessStartInfo(File.Exists("/usr/sbin/haproxy") ? "/usr/sbin/haproxy" : "haproxy")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-db", "-f", ConfigPath])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ORCHESTRON_HAPROXY_BIND"] = $"127.0.0.1:{port}";
        start.Environment["ORCHESTRON_REPLICA_A"] = replicaA.Authority;
        start.Environment["ORCHESTRON_REPLICA_B"] = replicaB.Authority;
        var proxy = new HaproxyProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}"));
        proxy._process.OutputDataReceived += proxy.OnOutput;
        proxy._process.ErrorDataReceived += proxy.OnOutput;
        proxy._process.BeginOutputReadLine();
        proxy._process.BeginErrorReadLine();
        await proxy.WaitUntilListeningAsync(port);
        return proxy;
    }

    /// <summary>A client for the proxy that keeps each created session's control token, as the browser client does.</summary>
    public HttpClient NewClient() => new(new Support.SessionTokenJar()) { BaseAddress = Address };

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private async Task WaitUntilListeningAsync(int port)
    {
        // HAProxy parses its file and binds within milliseconds; the bound only keeps a broken start from hanging.
        var patience = Stopwatch.StartNew();
        while (patience.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"HAProxy exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException("HAProxy did not listen within 20 s:\n" + Output);
    }

    private void OnOutput(object? sender, DataReceivedEventArgs line)
    {
        if (line.Data is not null)
        {
            lock (_output)
            {
                _output.Add(line.Data);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Orchestron.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Not inside the repository.");
    }
}
