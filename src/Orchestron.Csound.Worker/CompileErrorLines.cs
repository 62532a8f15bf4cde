using System.Text.RegularExpressions;

namespace Orchestron.Csound.Worker;

/// <summary>
/// The lines of a failed compile that the host may see. Csound quotes the offending source in its errors, which for
/// a CSD's own text is what its author needs, but for a file the CSD pulled in with <c>#include</c> would hand out
/// that file's contents. So when the CSD includes anything, only where each error is (file and line) is kept.
/// </summary>
internal static partial class CompileErrorLines
{
    internal const int MaxLines = 64;

    /// <summary>Whether <paramref name="csd"/> asks Csound to read another file into its text.</summary>
    internal static bool Includes(string csd) => csd.Contains("#include", StringComparison.Ordinal);

    /// <summary>The lines to send: at most <see cref="MaxLines"/>, without quoted source when the CSD includes files.</summary>
    internal static List<string> Select(string csd, IReadOnlyList<string> messages, int maxChars)
    {
        if (!Includes(csd))
        {
            return [.. messages.Take(MaxLines).Select(line => line.Length > maxChars ? line[..maxChars] : line)];
        }

        var places = new List<string> { "The CSD includes files, so Csound's messages are not shown (they would quote them); the errors are at:" };
        string? file = null;
        foreach (var line in messages)
        {
            foreach (Match match in Place().Matches(line))
            {
                if (match.Groups["file"].Success)
                {
                    file = match.Groups["file"].Value;
                }
                else
                {
                    places.Add($"line {match.Groups["line"].Value}{(file is null ? "" : " of " + file)}");
                }
            }
        }

        return [.. places.Distinct(StringComparer.Ordinal).Take(MaxLines).Select(line => line.Length > maxChars ? line[..maxChars] : line)];
    }

    // "Line 2", "Line: 4" and "from file /usr/lib/os-release (2)" as Csound 6 prints them.
    [GeneratedRegex(@"\bLine:? (?<line>\d+)|from file (?<file>/[^\s(),]+)")]
    private static partial Regex Place();
}
