using System.Collections;
using Microsoft.Extensions.Configuration;

namespace Orchestron.Host.Configuration;

/// <summary>The three places settings come from, in order of precedence.</summary>
/// <param name="Arguments">Command-line arguments (highest precedence).</param>
/// <param name="Environment">Environment variables.</param>
/// <param name="AppSettings">Application configuration (appsettings.json); the <c>Orchestron</c> section is read.</param>
public sealed record ConfigurationInputs(
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string?> Environment,
    IConfiguration? AppSettings)
{
    /// <summary>Snapshots the process's environment variables.</summary>
    public static IReadOnlyDictionary<string, string?> ProcessEnvironment()
    {
        var snapshot = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            snapshot[(string)entry.Key] = entry.Value as string;
        }

        return snapshot;
    }
}
