using System.Diagnostics;
using Orchestron.Testing;

namespace Orchestron.Container.Tests;

/// <summary>
/// A Docker engine of the test's own (Debian's docker.io): its own data root, socket and pid file in a temporary
/// folder, so nothing of a machine's own engine is touched. On dispose it stops the daemon and removes what it left
/// on the machine: its folder (images, volumes), the bridges it made, and its firewall rules.
/// </summary>
internal sealed class DockerEngine : IAsyncDisposable
{
    private const string Dockerd = "/usr/sbin/dockerd";

    private readonly string _folder;
    private readonly Process _daemon;
    private readonly MachineNetworkState _network;

    private DockerEngine(string folder, Process daemon, MachineNetworkState network)
    {
        _folder = folder;
        _daemon = daemon;
        _network = network;
        Environment = new Dictionary<string, string>
        {
            ["DOCKER_HOST"] = $"unix://{SocketPath(folder)}",
            // Debian's client first: it builds with the engine's own BuildKit, which other clients may not.
            ["PATH"] = "/usr/bin:/usr/sbin:/bin:/sbin:" + System.Environment.GetEnvironmentVariable("PATH"),
            ["DOCKER_BUILDKIT"] = "1",
            ["COMPOSE_DOCKER_CLI_BUILD"] = "1",
        };
    }

    /// <summary>What a client of this engine needs in its environment.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>Why no engine of the test's own can run here, or null when one can.</summary>
    public static async Task<string?> UnavailableReasonAsync()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "the container test needs Linux";
        }

        if (!File.Exists(Dockerd) || !File.Exists("/usr/bin/docker") || !File.Exists("/usr/bin/docker-compose"))
        {
            return "Debian's docker.io and docker-compose are not installed (scripts/install-deps.sh test installs them)";
        }

        if (!System.Environment.IsPrivilegedProcess)
        {
            return "starting a Docker engine needs root";
        }

        var (code, _) = await Tool.RunAsync("/usr/bin/docker", ["-H", "unix:///var/run/docker.sock", "version"], timeout: TimeSpan.FromSeconds(20));
        return code == 0
            ? "a Docker engine already runs on this machine; the test starts its own and removes all it made, so it runs only where none does"
            : null;
    }

    /// <summary>Starts the daemon and waits until it answers.</summary>
    public static async Task<DockerEngine> StartAsync()
    {
        var network = await MachineNetworkState.CaptureAsync();
        // Short: the daemon's sockets live under it, and socket paths are limited to 107 bytes.
        var folder = Directory.CreateTempSubdirectory("odk-").FullName;
        var start = new ProcessStartInfo(Dockerd) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])[
            "--storage-driver=overlay2", "--data-root", Path.Combine(folder, "data"), "--exec-root", Path.Combine(folder, "x"),
            "--host", $"unix://{SocketPath(folder)}", "--pidfile", Path.Combine(folder, "dockerd.pid")])
        {
            start.ArgumentList.Add(argument);
        }

        var log = Path.Combine(folder, "dockerd.log");
        var daemon = Process.Start(start)!;
        _ = CopyAsync(daemon.StandardOutput, log);
        _ = CopyAsync(daemon.StandardError, log);
        var engine = new DockerEngine(folder, daemon, network);
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                var (code, output) = await engine.RunAsync("docker", ["info", "--format", "{{.ServerVersion}}"], TimeSpan.FromSeconds(10), check: false);
                if (code == 0)
                {
                    return engine;
                }

                if (daemon.HasExited || DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"dockerd did not start: {output}\n{engine.ReadLog()}");
                }

                await Task.Delay(500);
            }
        }
        catch
        {
            await engine.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs a client (docker, docker-compose, a script) against this engine.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        bool check = true,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null)
    {
        var merged = new Dictionary<string, string>(Environment);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            merged[name] = value;
        }

        var path = fileName.Contains('/', StringComparison.Ordinal) ? fileName : Path.Combine("/usr/bin", fileName);
        var result = await Tool.RunAsync(path, arguments, merged, timeout, workingDirectory);
        if (check && result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} exited with {result.ExitCode}:\n{result.Output}");
        }

        return result;
    }

    /// <summary>The daemon's own log so far.</summary>
    public string ReadLog()
    {
        try
        {
            using var stream = new FileStream(Path.Combine(_folder, "dockerd.log"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return new StreamReader(stream).ReadToEnd();
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // SIGTERM lets the daemon stop its containers and unmount its layers; a kill follows if it hangs.
        await Posix.TerminateAsync(_daemon);
        await Tool.RunAsync("/bin/sh", ["-c", $"grep ' {_folder}/' /proc/mounts | cut -d' ' -f2 | sort -r | xargs -r umount -l"]);
        Directory.Delete(_folder, recursive: true);
        await _network.RestoreAsync();
        _daemon.Dispose();
    }

    private static string SocketPath(string folder) => Path.Combine(folder, "docker.sock");

    private static async Task CopyAsync(StreamReader from, string file)
    {
        while (await from.ReadLineAsync() is { } line)
        {
            try
            {
                await File.AppendAllTextAsync(file, line + "\n");
            }
            catch (IOException)
            {
                return;
            }
        }
    }
}
