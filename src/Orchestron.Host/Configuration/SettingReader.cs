using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;

namespace Orchestron.Host.Configuration;

/// <summary>
/// Reads each setting from the command line, then the environment, then appsettings, and parses it into a
/// plain value. Invalid values are collected rather than thrown one at a time, so a person fixing their
/// configuration sees every problem at once.
/// </summary>
internal sealed class SettingReader(
    CommandLineArguments commandLine,
    IReadOnlyDictionary<string, string?> environment,
    IConfiguration? appSettings,
    List<string> problems)
{
    private readonly IConfigurationSection? _section = appSettings?.GetSection(OrchestronSettings.AppSettingsSection);

    /// <summary>Problems found so far.</summary>
    public List<string> Problems => problems;

    /// <summary>The setting's text from the place of highest precedence that has a non-blank value.</summary>
    public RawSetting? Raw(SettingDefinition setting)
    {
        if (commandLine.TryGet(setting, out var fromCommandLine) && !string.IsNullOrWhiteSpace(fromCommandLine))
        {
            return new RawSetting(setting, fromCommandLine.Trim(), SettingOrigin.CommandLine);
        }

        if (environment.TryGetValue(setting.EnvironmentVariable, out var fromEnvironment)
            && !string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return new RawSetting(setting, fromEnvironment.Trim(), SettingOrigin.Environment);
        }

        var fromAppSettings = _section?[setting.AppSettingsKey];
        return string.IsNullOrWhiteSpace(fromAppSettings)
            ? null
            : new RawSetting(setting, fromAppSettings.Trim(), SettingOrigin.AppSettings);
    }

    public int Integer(SettingDefinition setting, int fallback, int min, int max)
    {
        var raw = Raw(setting);
        if (raw is null)
        {
            return fallback;
        }

        if (int.TryParse(raw.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max)
        {
            return value;
        }

        problems.Add(raw.Invalid());
        return fallback;
    }

    public double PositiveNumber(SettingDefinition setting, double fallback)
    {
        var raw = Raw(setting);
        if (raw is null)
        {
            return fallback;
        }

        if (double.TryParse(raw.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value) && value > 0)
        {
            return value;
        }

        problems.Add(raw.Invalid());
        return fallback;
    }

    public bool Boolean(SettingDefinition setting, bool fallback)
    {
        var raw = Raw(setting);
        if (raw is null)
        {
            return fallback;
        }

        switch (raw.Value.ToUpperInvariant())
        {
            case "TRUE" or "1" or "YES" or "ON":
                return true;
            case "FALSE" or "0" or "NO" or "OFF":
                return false;
            default:
                problems.Add(raw.Invalid());
                return fallback;
        }
    }

    public AudioOutputMode Mode(SettingDefinition setting, AudioOutputMode fallback)
    {
        var raw = Raw(setting);
        if (raw is null)
        {
            return fallback;
        }

        switch (raw.Value.ToUpperInvariant())
        {
            case "LOCAL":
                return AudioOutputMode.Local;
            case "STREAMING" or "BROWSER" or "WEBRTC":
                return AudioOutputMode.Streaming;
            default:
                problems.Add(raw.Invalid());
                return fallback;
        }
    }

    public string HostName(SettingDefinition setting, string fallback)
    {
        var raw = Raw(setting);
        if (raw is null)
        {
            return fallback;
        }

        var candidate = raw.Value.StartsWith('[') && raw.Value.EndsWith(']') ? raw.Value[1..^1] : raw.Value;
        if (IPAddress.TryParse(candidate, out _) || Uri.CheckHostName(candidate) == UriHostNameType.Dns)
        {
            return candidate;
        }

        problems.Add(raw.Invalid());
        return fallback;
    }

    public IPAddress? Address(SettingDefinition setting)
    {
        var raw = Raw(setting);
        if (raw is null)
        {
            return null;
        }

        // IPAddress.TryParse also takes shorthand such as "10.1"; a person announcing an address means a full one.
        var fullForm = raw.Value.Contains(':', StringComparison.Ordinal) || raw.Value.Count(c => c == '.') == 3;
        if (fullForm && IPAddress.TryParse(raw.Value, out var address))
        {
            return address;
        }

        problems.Add(raw.Invalid());
        return null;
    }

    public string ModuleName(SettingDefinition setting, string fallback)
    {
        var raw = Raw(setting);
        if (raw is null)
        {
            return fallback;
        }

        if (raw.Value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            return raw.Value;
        }

        problems.Add(raw.Invalid());
        return fallback;
    }

    public string? Text(SettingDefinition setting) => Raw(setting)?.Value;

    public IReadOnlyList<string> Origins(SettingDefinition setting)
    {
        var raw = Raw(setting);
        if (raw is null)
        {
            return [];
        }

        if (!TextList.TryParse(raw.Value, out var items, out var listError))
        {
            problems.Add(raw.Invalid(listError));
            return [];
        }

        var origins = new List<string>();
        foreach (var item in items)
        {
            if (CorsOrigin.TryNormalize(item, out var origin))
            {
                origins.Add(origin);
            }
            else
            {
                problems.Add(raw.Invalid($"'{item}' is not an origin"));
                return [];
            }
        }

        return origins.Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
    }

    public IReadOnlyList<string> TurnUrls(SettingDefinition setting)
    {
        var raw = Raw(setting);
        if (raw is null)
        {
            return [];
        }

        if (!TextList.TryParse(raw.Value, out var items, out var listError))
        {
            problems.Add(raw.Invalid(listError));
            return [];
        }

        var bad = items.FirstOrDefault(url => !IceUrl.IsTurn(url));
        if (bad is not null || items.Count == 0)
        {
            problems.Add(raw.Invalid(bad is null ? "the list is empty" : $"'{bad}' is not a turn: or turns: URL"));
            return [];
        }

        return items;
    }

    public IReadOnlyList<IceServer> IceServers(SettingDefinition setting)
    {
        var raw = Raw(setting);
        if (raw is null)
        {
            return [];
        }

        if (IceServerListParser.TryParse(raw.Value, out var servers, out var error))
        {
            return servers;
        }

        problems.Add(raw.Invalid(error));
        return [];
    }
}
