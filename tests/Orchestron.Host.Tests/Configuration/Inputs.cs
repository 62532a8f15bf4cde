using Microsoft.Extensions.Configuration;
using Orchestron.Host.Configuration;

namespace Orchestron.Host.Tests.Configuration;

/// <summary>Builds configuration inputs without touching the test process's own environment.</summary>
internal static class Inputs
{
    public static ConfigurationInputs Of(
        string[]? args = null,
        Dictionary<string, string?>? environment = null,
        Dictionary<string, string?>? appSettings = null) =>
        new(
            args ?? [],
            environment ?? [],
            new ConfigurationBuilder().AddInMemoryCollection(appSettings ?? []).Build());

    public static OrchestronHostOptions Load(
        string[]? args = null,
        Dictionary<string, string?>? environment = null,
        Dictionary<string, string?>? appSettings = null) =>
        OrchestronHostOptionsLoader.Load(Of(args, environment, appSettings));

    public static OrchestronConfigurationException Fails(
        string[]? args = null,
        Dictionary<string, string?>? environment = null,
        Dictionary<string, string?>? appSettings = null) =>
        Assert.Throws<OrchestronConfigurationException>(() => Load(args, environment, appSettings));

    public static OrchestronHostOptions FromEnvironment(string name, string value) =>
        Load(environment: new() { [name] = value });
}
