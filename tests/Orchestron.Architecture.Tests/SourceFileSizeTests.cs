namespace Orchestron.Architecture.Tests;

/// <summary>
/// Source files stay small enough to read in one sitting: a file of src/ longer than <see cref="MaxLines"/> lines
/// says on its first line why it is one thing that does not split, as <c>// Over 400 lines: reason.</c>
/// </summary>
public sealed class SourceFileSizeTests
{
    private const int MaxLines = 400;
    private const string ReasonMarker = "// Over 400 lines: ";

    /// <summary>The fewest words a reason takes to say something.</summary>
    private const int MinReasonWords = 5;

    [Fact]
    public void Every_source_file_over_400_lines_says_why_on_its_first_line()
    {
        var unexplained = LongSourceFiles()
            .Where(file => !HasReason(File.ReadLines(file.Path).First()))
            .Select(file => $"{file.Relative} ({file.Lines} lines)")
            .ToList();

        Assert.True(
            unexplained.Count == 0,
            $"Longer than {MaxLines} lines without a reason: split them by purpose (partial classes by concern are fine), or say why each is one thing "
            + $"on its first line, as '{ReasonMarker}...':\n" + string.Join("\n", unexplained));
    }

    [Theory]
    [InlineData("// Over 400 lines: one state machine whose transitions share every field.", true)]
    [InlineData("// Over 400 lines: long.", false)]
    [InlineData("// Long file: one state machine whose transitions share every field.", false)]
    [InlineData("using System;", false)]
    public void A_reason_is_the_marker_and_a_few_words(string firstLine, bool accepted) => Assert.Equal(accepted, HasReason(firstLine));

    [Fact]
    public void The_scan_sees_the_source_tree()
    {
        var files = SourceFiles().ToList();

        // The libraries and the host are hundreds of files; an empty or tiny list means the walk went wrong.
        Assert.True(files.Count > 200, $"only {files.Count} source files found under {Path.Combine(RepositoryRoot, "src")}");
        Assert.DoesNotContain(files, file => file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
    }

    private static bool HasReason(string firstLine) =>
        firstLine.StartsWith(ReasonMarker, StringComparison.Ordinal)
        && firstLine[ReasonMarker.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= MinReasonWords;

    private static IEnumerable<(string Path, string Relative, int Lines)> LongSourceFiles() =>
        SourceFiles()
            .Select(path => (Path: path, Relative: System.IO.Path.GetRelativePath(RepositoryRoot, path), Lines: File.ReadLines(path).Count()))
            .Where(file => file.Lines > MaxLines);

    /// <summary>The C# files of src/, without what the build writes (bin, obj).</summary>
    private static IEnumerable<string> SourceFiles()
    {
        var separator = Path.DirectorySeparatorChar;
        return Directory.EnumerateFiles(Path.Combine(RepositoryRoot, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{separator}bin{separator}", StringComparison.Ordinal)
                && !path.Contains($"{separator}obj{separator}", StringComparison.Ordinal));
    }

    private static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
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
