namespace Orchestron.Host.Configuration;

/// <summary>
/// The host was given settings it cannot run with. The message names each setting, the value given and
/// what is accepted, and is meant to be shown to the person starting the host as it is.
/// </summary>
public sealed class OrchestronConfigurationException : Exception
{
    /// <summary>Creates the exception from one message per invalid setting.</summary>
    public OrchestronConfigurationException(IReadOnlyList<string> problems)
        : base(ComposeMessage(problems))
    {
        Problems = problems;
    }

    /// <summary>Creates the exception for a single problem.</summary>
    public OrchestronConfigurationException(string problem)
        : this([problem])
    {
    }

    /// <summary>Creates the exception with no detail; prefer the constructors that name the setting.</summary>
    public OrchestronConfigurationException()
        : this("The configuration is invalid.")
    {
    }

    /// <summary>Creates the exception wrapping another; prefer the constructors that name the setting.</summary>
    public OrchestronConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    /// <summary>One message per invalid setting.</summary>
    public IReadOnlyList<string> Problems { get; }

    private static string ComposeMessage(IReadOnlyList<string> problems) => problems.Count == 1
        ? "Invalid configuration: " + problems[0]
        : "Invalid configuration:" + string.Concat(problems.Select(p => Environment.NewLine + "  - " + p));
}
