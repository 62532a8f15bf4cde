namespace Orchestron.Packaging.Tests;

/// <summary>Finds the repository the tests were built from, for tests of its files and scripts.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Orchestron.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Orchestron.sln above {AppContext.BaseDirectory}.");
    }
}
