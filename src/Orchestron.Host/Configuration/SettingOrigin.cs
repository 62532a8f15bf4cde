namespace Orchestron.Host.Configuration;

/// <summary>Where a setting's value came from.</summary>
public enum SettingOrigin
{
    /// <summary>A command-line switch.</summary>
    CommandLine,

    /// <summary>An environment variable.</summary>
    Environment,

    /// <summary>The <c>Orchestron</c> section of appsettings.</summary>
    AppSettings,
}
