using System.Globalization;

namespace RenderToWav;

/// <summary>The command line, parsed and checked.</summary>
internal sealed record RenderSettings(string? CsdPath, string OutputPath, int BitsPerSample, TimeSpan? MaxDuration, bool Verbose)
{
    internal const string Usage = """
        Renders a Csound CSD to a WAV file.

        usage: RenderToWav [--csd file.csd] [--output out.wav] [--bits 16|24] [--duration seconds] [--verbose]

          --csd       the CSD to render (default: the embedded Orchestron instrument)
          --output    the WAV file to write (default: render.wav)
          --bits      16 or 24-bit PCM (default: 24)
          --duration  stop after this many seconds even if the score goes on (needed for endless scores)
          --verbose   show everything Csound prints, not only warnings and errors
        """;

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with a message for the user.</summary>
    internal static RenderSettings Parse(IReadOnlyList<string> arguments)
    {
        string? csd = null;
        var output = "render.wav";
        var bits = 24;
        TimeSpan? duration = null;
        var verbose = false;
        for (var index = 0; index < arguments.Count; index++)
        {
            var argument = arguments[index];
            switch (argument)
            {
                case "--csd":
                    csd = ValueAfter(arguments, ref index);
                    break;
                case "--output" or "-o":
                    output = ValueAfter(arguments, ref index);
                    break;
                case "--bits":
                    var bitsText = ValueAfter(arguments, ref index);
                    bits = bitsText switch
                    {
                        "16" => 16,
                        "24" => 24,
                        _ => throw new ArgumentException($"--bits must be 16 or 24, not '{bitsText}'."),
                    };
                    break;
                case "--duration":
                    var durationText = ValueAfter(arguments, ref index);
                    if (!double.TryParse(durationText, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                        || !double.IsFinite(seconds) || seconds <= 0 || seconds > 24 * 3600)
                    {
                        throw new ArgumentException($"--duration must be a number of seconds between 0 and 86400, not '{durationText}'.");
                    }

                    duration = TimeSpan.FromSeconds(seconds);
                    break;
                case "--verbose" or "-v":
                    verbose = true;
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{argument}'.");
            }
        }

        return new RenderSettings(csd, output, bits, duration, verbose);
    }

    private static string ValueAfter(IReadOnlyList<string> arguments, ref int index)
    {
        var option = arguments[index];
        if (index + 1 >= arguments.Count || arguments[index + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException($"{option} needs a value.");
        }

        index++;
        return arguments[index];
    }
}
