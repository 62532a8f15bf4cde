namespace Orchestron.Host.Configuration;

/// <summary>One setting and the three names it can be given under.</summary>
/// <param name="EnvironmentVariable">The environment variable, e.g. <c>VISUALCSOUND_PORT</c>.</param>
/// <param name="Switch">The command-line switch, e.g. <c>--port</c>.</param>
/// <param name="AppSettingsKey">The key under the <c>Orchestron</c> section of appsettings, e.g. <c>Port</c>.</param>
/// <param name="Accepted">What values are accepted, in words, as error messages and help show it.</param>
/// <param name="DefaultText">The default, in words.</param>
/// <param name="Description">What the setting does.</param>
/// <param name="IsFlag">A boolean switch that may be given without a value to mean true.</param>
public sealed record SettingDefinition(
    string EnvironmentVariable,
    string Switch,
    string AppSettingsKey,
    string Accepted,
    string DefaultText,
    string Description,
    bool IsFlag = false)
{
    /// <summary>The full appsettings path, e.g. <c>Orchestron:Port</c>.</summary>
    public string AppSettingsPath => OrchestronSettings.AppSettingsSection + ":" + AppSettingsKey;
}
