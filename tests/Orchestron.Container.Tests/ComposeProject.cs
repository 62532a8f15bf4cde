namespace Orchestron.Container.Tests;

/// <summary>One <c>docker-compose</c> project of the repository's compose files, under a name of the test's own.</summary>
internal sealed class ComposeProject(DockerEngine engine, string root, string name, IReadOnlyList<string> files, IReadOnlyDictionary<string, string> environment)
{
    private const int PortAttempts = 4;
    private const string PortTaken = "address already in use";
    private static readonly TimeSpan PortRetryDelay = TimeSpan.FromSeconds(15);

    public string Name => name;

    /// <summary>
    /// <c>up --build --detach</c>: builds the images from the checkout and starts every service. A published port
    /// that some other program on the machine holds at that moment (coturn's 41 relay ports lie in the kernel's
    /// ephemeral range, where any UDP socket may land) fails the start; the project is taken down and started again,
    /// a few times, before that counts as the test's failure.
    /// </summary>
    public async Task UpAsync(Action<string>? log = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await RunAsync(TimeSpan.FromMinutes(15), "up", "--build", "--detach");
                return;
            }
            catch (InvalidOperationException error) when (attempt < PortAttempts && error.Message.Contains(PortTaken, StringComparison.Ordinal))
            {
                log?.Invoke($"up, attempt {attempt}: a published port is taken on this machine; down, then again in {PortRetryDelay.TotalSeconds:0} s");
                await DownQuietlyAsync();
                await Task.Delay(PortRetryDelay);
            }
        }
    }

    /// <summary><c>down --volumes</c>: containers, networks and volumes go.</summary>
    public Task DownAsync() => RunAsync(TimeSpan.FromMinutes(2), "down", "--volumes", "--remove-orphans");

    /// <summary><see cref="DownAsync"/> for a test that has already failed: what goes wrong here must not hide why.</summary>
    public async Task DownQuietlyAsync()
    {
        try
        {
            await DownAsync();
        }
        catch (Exception error) when (error is InvalidOperationException or TimeoutException)
        {
            // The daemon's removal takes what down could not.
        }
    }

    /// <summary><c>kill</c>: the service's containers die at once (SIGKILL), as on a crash; they are not restarted.</summary>
    public Task KillAsync(string service) => RunAsync(TimeSpan.FromMinutes(1), "kill", service);

    public async Task<string> LogsAsync(string service) => (await RunAsync(TimeSpan.FromMinutes(1), "logs", "--no-color", service)).Output;

    /// <summary>Every service's log, for a test that has failed; what goes wrong here is in the text, never thrown.</summary>
    public async Task<string> AllLogsQuietlyAsync()
    {
        try
        {
            return (await RunAsync(TimeSpan.FromMinutes(1), "logs", "--no-color")).Output;
        }
        catch (Exception error) when (error is InvalidOperationException or TimeoutException)
        {
            return error.Message;
        }
    }

    /// <summary>What the engine still holds of this project, by compose's project label: containers, volumes, networks.</summary>
    public async Task<string> LeftoversAsync()
    {
        var label = $"label=com.docker.compose.project={name}";
        var containers = (await engine.RunAsync("docker", ["ps", "--all", "--quiet", "--filter", label], TimeSpan.FromSeconds(30))).Output;
        var volumes = (await engine.RunAsync("docker", ["volume", "ls", "--quiet", "--filter", label], TimeSpan.FromSeconds(30))).Output;
        var networks = (await engine.RunAsync("docker", ["network", "ls", "--quiet", "--filter", label], TimeSpan.FromSeconds(30))).Output;
        return (containers + volumes + networks).Trim();
    }

    private Task<(int ExitCode, string Output)> RunAsync(TimeSpan timeout, params string[] command)
    {
        string[] arguments = ["--project-name", name, "--project-directory", root, .. files.SelectMany(file => new[] { "--file", Path.Combine(root, file) }), .. command];
        // Compose reads a security_opt's seccomp file relative to where it runs, as from the repository root for users.
        return engine.RunAsync("docker-compose", arguments, timeout, environment: environment, workingDirectory: root);
    }
}
