namespace Orchestron.Host.Tests.Layouts;

/// <summary>
/// Tests that build or publish the host from the checkout take turns: two MSBuild runs writing the same obj
/// folders at once would race each other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class HostBuildCollection
{
    public const string Name = "Builds the host from the checkout";
}
