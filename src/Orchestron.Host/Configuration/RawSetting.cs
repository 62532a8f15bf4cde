namespace Orchestron.Host.Configuration;

/// <summary>A setting's text as given, and where it was given, so errors can point at the right place.</summary>
internal sealed record RawSetting(SettingDefinition Definition, string Value, SettingOrigin Origin)
{
    /// <summary>The name the person used: the switch, the variable or the appsettings path.</summary>
    public string Name => Origin switch
    {
        SettingOrigin.CommandLine => Definition.Switch,
        SettingOrigin.Environment => Definition.EnvironmentVariable,
        _ => Definition.AppSettingsPath,
    };

    private string OriginText => Origin switch
    {
        SettingOrigin.CommandLine => "command line",
        SettingOrigin.Environment => "environment variable",
        _ => "appsettings",
    };

    /// <summary>The message for a value that is not accepted.</summary>
    public string Invalid(string? detail = null) =>
        $"{Name} ({OriginText}) has the value '{Value}'"
        + (detail is null ? string.Empty : $" ({detail})")
        + $"; accepted: {Definition.Accepted}.";
}
