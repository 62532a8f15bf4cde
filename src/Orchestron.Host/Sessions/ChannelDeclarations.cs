using System.Globalization;
using System.Text.RegularExpressions;

namespace Orchestron.Host.Sessions;

/// <summary>
/// Finds the channels an orchestra declares with <c>chn_k</c>, <c>chn_a</c> and <c>chnexport</c>, so that a
/// client can set only those: Csound creates a channel for any name it is given, and a client that invents
/// names would otherwise grow the instance's channel table without bound.
/// </summary>
/// <remarks>
/// <c>chn_k "name", imode, itype, idflt, imin, imax</c> declares a range when <c>itype</c> is not 0; so does
/// <c>gkvar chnexport "name", imode, itype, idflt, imin, imax</c>. Declarations are read from the text, line by
/// line, after comments are removed; the host's own instruments declare theirs this way.
/// </remarks>
public static partial class ChannelDeclarations
{
    /// <summary>The declared channels by name.</summary>
    public static IReadOnlyDictionary<string, DeclaredChannel> Parse(string csd)
    {
        ArgumentNullException.ThrowIfNull(csd);
        var channels = new Dictionary<string, DeclaredChannel>(StringComparer.Ordinal);
        foreach (var rawLine in csd.AsSpan().EnumerateLines())
        {
            var line = WithoutComment(rawLine.ToString());
            var match = Declaration().Match(line);
            if (!match.Success)
            {
                continue;
            }

            var opcode = match.Groups["opcode"].Value;
            var isAudio = opcode == "chn_a" || (opcode == "chnexport" && match.Groups["variable"].Value.StartsWith("ga", StringComparison.Ordinal));
            var (min, max) = isAudio ? (null, null) : Range(match.Groups["arguments"].Value);
            var name = match.Groups["name"].Value;
            channels[name] = new DeclaredChannel(name, isAudio, min, max);
        }

        return channels;
    }

    private static (double? Min, double? Max) Range(string arguments)
    {
        // imode, itype, idflt, imin, imax: a range only when itype is not 0 and both bounds are numbers.
        var values = arguments.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (values.Length < 5
            || !TryNumber(values[1], out var type) || type == 0
            || !TryNumber(values[3], out var min) || !TryNumber(values[4], out var max) || min > max)
        {
            return (null, null);
        }

        return (min, max);
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static string WithoutComment(string line)
    {
        var semicolon = line.IndexOf(';', StringComparison.Ordinal);
        var slashes = line.IndexOf("//", StringComparison.Ordinal);
        var end = (semicolon, slashes) switch
        {
            (< 0, < 0) => line.Length,
            (< 0, _) => slashes,
            (_, < 0) => semicolon,
            _ => Math.Min(semicolon, slashes),
        };
        return line[..end];
    }

    [GeneratedRegex("""^\s*(?:(?<variable>[gG]?[aikS]\w*)\s+)?(?<opcode>chn_k|chn_a|chnexport)\s+"(?<name>[A-Za-z_][A-Za-z0-9_]*)"\s*(?:,(?<arguments>.*))?$""")]
    private static partial Regex Declaration();
}
