namespace Orchestron.Host.Tests.Documentation;

/// <summary>Finds the repository's docs/ pages and the generated blocks inside them.</summary>
internal static class RepositoryDocs
{
    /// <summary>Set to 1 to rewrite the generated blocks from the code instead of only comparing them.</summary>
    public const string WriteVariable = "ORCHESTRON_WRITE_DOCS";

    public static string PathOf(string page) => Path.Combine(Root(), "docs", page);

    /// <summary>The text between <c>&lt;!-- name:begin ... --&gt;</c> and <c>&lt;!-- name:end --&gt;</c>, without the marker lines.</summary>
    public static string Block(string page, string name)
    {
        var (_, block, _) = Split(File.ReadAllText(PathOf(page)), name);
        return block;
    }

    /// <summary>Replaces a generated block with <paramref name="content"/>, when <see cref="WriteVariable"/> asks for it.</summary>
    public static void WriteBlockIfAsked(string page, string name, string content)
    {
        if (Environment.GetEnvironmentVariable(WriteVariable) != "1")
        {
            return;
        }

        var path = PathOf(page);
        var (before, _, after) = Split(File.ReadAllText(path), name);
        File.WriteAllText(path, before + content + after);
    }

    private static (string Before, string Block, string After) Split(string text, string name)
    {
        var begin = text.IndexOf($"<!-- {name}:begin", StringComparison.Ordinal);
        var end = text.IndexOf($"<!-- {name}:end -->", StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, $"docs have no '{name}' block between begin and end markers");
        var blockStart = text.IndexOf('\n', begin) + 1;
        return (text[..blockStart], text[blockStart..end], text[end..]);
    }

    private static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Orchestron.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Not inside the repository.");
    }
}
