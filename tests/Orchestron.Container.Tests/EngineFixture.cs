namespace Orchestron.Container.Tests;

/// <summary>
/// One engine for every compose file the suite runs, one after the other: the daemon starts and the local bases
/// are built once, and the images the first compose project builds serve the next from the build cache. Disposed
/// after the last test of the collection, failed or not, which stops the daemon and removes all it held.
/// </summary>
public sealed class EngineFixture : IAsyncLifetime
{
    private DockerEngine? _engine;

    /// <summary>Why no engine runs here (the tests skip with it), or null.</summary>
    public string? UnavailableReason { get; private set; }

    /// <summary>The running engine; only when <see cref="UnavailableReason"/> is null.</summary>
    internal DockerEngine Engine => _engine ?? throw new InvalidOperationException(UnavailableReason ?? "The engine is not started.");

    /// <summary>The checkout the compose files and the Dockerfiles come from.</summary>
    public string Root { get; } = RepositoryRoot();

    public async Task InitializeAsync()
    {
        UnavailableReason = await DockerEngine.UnavailableReasonAsync();
        if (UnavailableReason is not null)
        {
            return;
        }

        _engine = await DockerEngine.StartAsync();
        try
        {
            await _engine.RunAsync(Path.Combine(Root, "docker/local-bases/build.sh"), [], TimeSpan.FromMinutes(10));
        }
        catch
        {
            await _engine.DisposeAsync();
            _engine = null;
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (_engine is not null)
        {
            await _engine.DisposeAsync();
        }
    }

    /// <summary>The size of a local image in MB (as <c>docker images</c> counts it: every layer, shared ones too).</summary>
    internal async Task<double> ImageMegabytesAsync(string image)
    {
        var size = (await Engine.RunAsync("docker", ["image", "inspect", image, "--format", "{{.Size}}"], TimeSpan.FromSeconds(30))).Output;
        return long.Parse(size.Trim(), System.Globalization.CultureInfo.InvariantCulture) / 1e6;
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

/// <summary>The compose tests share one engine and so run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class EngineCollection : ICollectionFixture<EngineFixture>
{
    public const string Name = "Docker engine";
}
