using Orchestron.Architecture.Tests.Support;

namespace Orchestron.Architecture.Tests;

/// <summary>
/// Within each assembly, namespaces depend on each other in one direction only, so that each folder can be
/// understood, tested and moved on its own. A parent and its child namespace are two namespaces.
/// </summary>
public sealed class NamespaceCycleTests
{
    [Fact]
    public void No_library_has_a_namespace_cycle()
    {
        var report = LibraryAssemblies.All.SelectMany(DescribeCyclesOf).ToList();

        Assert.True(report.Count == 0, "Namespaces that depend on each other:\n" + string.Join("\n", report));
    }

    private static IEnumerable<string> DescribeCyclesOf(string assembly)
    {
        var graph = NamespaceGraphReader.Read(LibraryAssemblies.PathOf(assembly));
        foreach (var group in graph.FindEntangledGroups())
        {
            yield return $"{assembly}: {string.Join(", ", group.Select(NamespaceGraph.Display))}";
            foreach (var cycle in graph.ShortestCyclesWithin(group))
            {
                yield return "  " + graph.Describe(cycle).Replace("\n", "\n  ", StringComparison.Ordinal);
            }
        }
    }
}
