namespace Orchestron.Host.Configuration;

/// <summary>
/// Splits <c>--switch value</c> and <c>--switch=value</c> arguments into a lookup, rejecting switches
/// the host does not know so that a typo does not silently fall back to a default.
/// </summary>
internal sealed class CommandLineArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    private CommandLineArguments()
    {
    }

    /// <summary>True when <c>--help</c> or <c>-h</c> was given.</summary>
    public bool HelpRequested { get; private set; }

    /// <summary>Parses arguments; problems are added to <paramref name="problems"/>.</summary>
    public static CommandLineArguments Parse(IReadOnlyList<string> arguments, List<string> problems)
    {
        var known = OrchestronSettings.All.ToDictionary(s => s.Switch, StringComparer.OrdinalIgnoreCase);
        var parsed = new CommandLineArguments();
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (argument is "--help" or "-h" or "-?")
            {
                parsed.HelpRequested = true;
                continue;
            }

            if (!argument.StartsWith("--", StringComparison.Ordinal))
            {
                problems.Add($"Unexpected command-line argument '{argument}'; switches start with -- (see --help).");
                continue;
            }

            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? argument : argument[..equals];
            if (!known.TryGetValue(name, out var setting))
            {
                problems.Add($"Unknown command-line switch '{name}'; known switches: "
                    + string.Join(", ", OrchestronSettings.All.Select(s => s.Switch)) + ".");
                continue;
            }

            string value;
            if (equals >= 0)
            {
                value = argument[(equals + 1)..];
            }
            else if (i + 1 < arguments.Count && !arguments[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = arguments[++i];
            }
            else if (setting.IsFlag)
            {
                value = "true";
            }
            else
            {
                problems.Add($"{setting.Switch} (command line) needs a value; accepted: {setting.Accepted}.");
                continue;
            }

            parsed._values[setting.Switch] = value;
        }

        return parsed;
    }

    /// <summary>The value given for a switch, if any.</summary>
    public bool TryGet(SettingDefinition setting, out string value) =>
        _values.TryGetValue(setting.Switch, out value!);
}
