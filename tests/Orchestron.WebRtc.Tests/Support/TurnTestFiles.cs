namespace Orchestron.WebRtc.Tests.Support;

/// <summary>The repository's own files the TURN tests run with.</summary>
internal static class TurnTestFiles
{
    /// <summary>The deployment's coturn configuration, docker/turnserver.conf.</summary>
    public static string DeploymentConfiguration => RepositoryFile("docker", "turnserver.conf");

    private static string RepositoryFile(params string[] parts)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Orchestron.sln")))
            {
                return Path.Combine([directory.FullName, .. parts]);
            }
        }

        throw new InvalidOperationException($"No Orchestron.sln above {AppContext.BaseDirectory}.");
    }
}
