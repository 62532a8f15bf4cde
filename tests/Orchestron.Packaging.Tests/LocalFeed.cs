using System.Security.Cryptography;

namespace Orchestron.Packaging.Tests;

/// <summary>
/// The three packages packed into a folder of their own under a version no earlier run used, so that a package cached
/// in ~/.nuget/packages can never stand in for this build's; the cache entries of that version go with it.
/// </summary>
internal sealed class LocalFeed : IDisposable
{
    private static readonly string[] Projects = ["src/Orchestron.Csound", "src/Orchestron.WebRtc", "src/Orchestron.Streaming"];
    private readonly string _suffix = "packagetest." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    private LocalFeed(string directory) => Directory = directory;

    /// <summary>The folder holding the packages.</summary>
    public string Directory { get; }

    /// <summary>The packages' version.</summary>
    public string Version => $"0.1.0-{_suffix}";

    /// <summary>Packs the libraries from the repository into <paramref name="work"/>/feed.</summary>
    public static async Task<LocalFeed> PackAsync(string work)
    {
        var feed = new LocalFeed(Path.Combine(work, "feed"));
        foreach (var project in Projects)
        {
            await DotnetCli.RunAsync(RepositoryFiles.Root, TimeSpan.FromMinutes(6), "pack", project, "-c", "Release",
                "--artifacts-path", Path.Combine(work, "artifacts"), "-o", feed.Directory, $"-p:VersionSuffix={feed._suffix}");
        }

        return feed;
    }

    /// <summary>Copies a sample (without its bin and obj) and points its NuGet.config at this feed.</summary>
    public string CopySample(string name, string destination)
    {
        var source = RepositoryFiles.PathOf("samples", name);
        foreach (var file in System.IO.Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                || relative.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }

            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(destination, relative))!);
            File.Copy(file, Path.Combine(destination, relative));
        }

        var config = Path.Combine(destination, "NuGet.config");
        File.WriteAllText(config, File.ReadAllText(config).Replace("../../nuget", Directory, StringComparison.Ordinal));
        return destination;
    }

    public void Dispose()
    {
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in new[] { "orchestron.csound", "orchestron.webrtc", "orchestron.streaming" })
        {
            var cached = Path.Combine(cache, id, Version);
            if (System.IO.Directory.Exists(cached))
            {
                System.IO.Directory.Delete(cached, recursive: true);
            }
        }
    }
}
