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

    /// <summary>Any integer; for settings whose range a library's options validate.</summary>
    public int Integer(SettingDefinition setting, int fallback) => Integer(setting, fallback, int.MinValue, int.MaxValue);

    /// <summary>An integer from <paramref name="min"/> to <paramref name="max"/>; for settings only the host defines.</summary>
    public int Integer(SettingDefinition setting, int fallback, int min, int max) =>
        Read(setting, fallback, (string text, out int value) =>
            int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && value >= min && value <= max);

    public double PositiveNumber(SettingDefinition setting, double fallback) =>
        Read(setting, fallback, static (string text, out double value) =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value) && value > 0);

    public bool Boolean(SettingDefinition setting, bool fallback) =>
        Read(setting, fallback, static (string text, out bool value) =>
        {
            (var known, value) = text.ToUpperInvariant() switch
            {
                "TRUE" or "1" or "YES" or "ON" => (true, true),
                "FALSE" or "0" or "NO" or "OFF" => (true, false),
                _ => (false, false),
            };
            return known;
        });

    public AudioOutputMode Mode(SettingDefinition setting, AudioOutputMode fallback) =>
        Read(setting, fallback, static (string text, out AudioOutputMode mode) =>
        {
            (var known, mode) = text.ToUpperInvariant() switch
            {
                "LOCAL" => (true, AudioOutputMode.Local),
                "STREAMING" or "BROWSER" or "WEBRTC" => (true, AudioOutputMode.Streaming),
                _ => (false, default),
            };
            return known;
        });

    public SessionIsolation Isolation(SettingDefinition setting, SessionIsolation fallback) =>
        Read(setting, fallback, static (string text, out SessionIsolation isolation) =>
        {
            (var known, isolation) = text.ToUpperInvariant() switch
            {
                "IN-PROCESS" or "INPROCESS" => (true, SessionIsolation.InProcess),
                "SANDBOX" or "SANDBOXED" => (true, SessionIsolation.Sandbox),
                _ => (false, default),
            };
            return known;
        });

    public string HostName(SettingDefinition setting, string fallback) =>
        Read(setting, fallback, static (string text, out string host) =>
        {
            host = text.StartsWith('[') && text.EndsWith(']') ? text[1..^1] : text;
            return IPAddress.TryParse(host, out _) || Uri.CheckHostName(host) == UriHostNameType.Dns;
        });

    public IPAddress? Address(SettingDefinition setting) =>
        Read<IPAddress?>(setting, null, static (string text, out IPAddress? address) =>
        {
            // IPAddress.TryParse also takes shorthand such as "10.1"; a person announcing an address means a full one.
            address = null;
            var fullForm = text.Contains(':', StringComparison.Ordinal) || text.Count(c => c == '.') == 3;
            return fullForm && IPAddress.TryParse(text, out address);
        });

    public string ModuleName(SettingDefinition setting, string fallback) =>
        Read(setting, fallback, static (string text, out string module) =>
        {
            module = text;
            return text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
        });

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

    /// <summary>
    /// Records that a library refused the value this setting produced: the value as given when it was given, or
    /// its default when the problem is that the default does not fit with another setting's value.
    /// </summary>
    public void Reject(SettingDefinition setting)
    {
        var raw = Raw(setting);
        problems.Add(raw is not null
            ? raw.Invalid()
            : $"{setting.EnvironmentVariable} is not set and its default '{setting.DefaultText}' does not fit the other settings; accepted: {setting.Accepted}.");
    }

    /// <summary>A conversion from a setting's text; false when the text is not accepted.</summary>
    public delegate bool TryConvert<T>(string text, out T value);

    /// <summary>The setting converted, its fallback when it is not set, or its fallback and a problem when it is invalid.</summary>
    public T Read<T>(SettingDefinition setting, T fallback, TryConvert<T> convert)
    {
        var raw = Raw(setting);
        if (raw is null)
        {
            return fallback;
        }

        if (convert(raw.Value, out var value))
        {
            return value;
        }

        problems.Add(raw.Invalid());
        return fallback;
    }
}
