namespace Orchestron.Architecture.Tests.Support;

public sealed class NamespaceGraphReaderTests
{
    private const string Fixtures = "Orchestron.Architecture.Tests.Support.Fixtures.";

    private static readonly NamespaceGraph OwnGraph = NamespaceGraphReader.Read(typeof(NamespaceGraphReaderTests).Assembly.Location);

    [Fact]
    public void Every_kind_of_use_is_an_edge_and_nothing_else_is()
    {
        string[] expected =
        [
            "",
            Fixtures + "ByAsync",
            Fixtures + "ByBase",
            Fixtures + "ByCall",
            Fixtures + "ByField",
            Fixtures + "ByGenericArgument",
            Fixtures + "ByInterface",
            Fixtures + "ByLambda",
            Fixtures + "BySignature",
        ];

        Assert.Equal(expected, OwnGraph.UsesOf(Fixtures + "Source"));
    }

    [Fact]
    public void Compiler_generated_nested_types_count_for_their_enclosing_type()
    {
        Assert.Equal("Lambdas uses Captured", OwnGraph.ExampleOf(Fixtures + "Source", Fixtures + "ByLambda"));
        Assert.Equal("Asynchronous uses Awaited", OwnGraph.ExampleOf(Fixtures + "Source", Fixtures + "ByAsync"));
        Assert.DoesNotContain(OwnGraph.Namespaces, name => name.Contains('<', StringComparison.Ordinal));
    }

    [Fact]
    public void Used_namespaces_do_not_use_their_user_back()
    {
        Assert.Empty(OwnGraph.UsesOf(Fixtures + "ByLambda"));
        Assert.Empty(OwnGraph.UsesOf(""));
    }
}
