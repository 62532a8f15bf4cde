namespace Orchestron.Container.Tests;

/// <summary>One <c>docker-compose</c> project of the repository's compose files, under a name of the test's own.</summary>
internal sealed class ComposeProject(DockerEngine engine, string root, string name, IReadOnlyList<string> files, IReadOnlyDictionary<string, string> environment)
{
    public string Name => name;

    /// <summary><c>up --build --detach</c>: builds the images from the checkout and starts every service.</summary>
    public Task UpAsync() => RunAsync(TimeSpan.FromMinutes(15), "up", "--build", "--detach");

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

    public async Task<string> LogsAsync(string service) => (await RunAsync(TimeSpan.FromMinutes(1), "logs", "--no-color", service)).Output;

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
