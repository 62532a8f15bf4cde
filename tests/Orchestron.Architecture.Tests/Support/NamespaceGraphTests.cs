namespace Orchestron.Architecture.Tests.Support;

public sealed class NamespaceGraphTests
{
    [Fact]
    public void A_graph_without_cycles_reports_none()
    {
        var graph = Graph(("A", "B"), ("B", "C"), ("A", "C"));
        Assert.Empty(graph.FindCycles());
    }

    [Fact]
    public void A_parent_and_child_namespace_that_use_each_other_are_a_cycle()
    {
        var graph = Graph(("Orchestron.WebRtc", "Orchestron.WebRtc.Rtp"), ("Orchestron.WebRtc.Rtp", "Orchestron.WebRtc"));

        var cycle = Assert.Single(graph.FindCycles());
        Assert.Equal(
            "Orchestron.WebRtc -> Orchestron.WebRtc.Rtp -> Orchestron.WebRtc\n" +
            "    Orchestron.WebRtc -> Orchestron.WebRtc.Rtp: Orchestron.WebRtc uses Orchestron.WebRtc.Rtp\n" +
            "    Orchestron.WebRtc.Rtp -> Orchestron.WebRtc: Orchestron.WebRtc.Rtp uses Orchestron.WebRtc",
            graph.Describe(cycle));
    }

    [Fact]
    public void Every_cycle_is_listed_once_including_through_the_global_namespace()
    {
        var graph = Graph(("A", "B"), ("B", "A"), ("B", "C"), ("C", "D"), ("D", "C"), ("D", ""), ("", "D"), ("E", "A"));

        var cycles = graph.FindCycles().Select(cycle => string.Join(" -> ", cycle.Select(NamespaceGraph.Display))).ToList();

        Assert.Equal(["(global namespace) -> D", "A -> B", "C -> D"], cycles.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_components_of_a_graph_are_its_mutually_reachable_groups()
    {
        var graph = Graph(("A", "B"), ("B", "C"), ("C", "A"), ("C", "D"), ("D", "E"));

        var components = StronglyConnectedComponents.Of(graph.Namespaces, graph.UsesOf)
            .Select(component => string.Join(",", component.Order(StringComparer.Ordinal)))
            .Order(StringComparer.Ordinal);

        Assert.Equal(["A,B,C", "D", "E"], components);
    }

    private static NamespaceGraph Graph(params (string From, string To)[] uses)
    {
        var graph = new NamespaceGraph();
        foreach (var (from, to) in uses)
        {
            graph.AddUse(from, to, $"{from} uses {to}");
        }

        return graph;
    }
}
