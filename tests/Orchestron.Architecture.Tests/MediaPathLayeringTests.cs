using Orchestron.Architecture.Tests.Support;

namespace Orchestron.Architecture.Tests;

/// <summary>
/// The media path runs one way: sender, then per-listener SRTP, then the transport. The transport is the bottom
/// layer, so it must not reach, directly or through other namespaces, the session types above it.
/// </summary>
public sealed class MediaPathLayeringTests
{
    [Fact]
    public void The_transport_reaches_no_session_or_listener_type()
    {
        var graph = NamespaceGraphReader.Read(LibraryAssemblies.PathOf(LibraryAssemblies.WebRtc));

        var reachable = new HashSet<string>();
        var pending = new Stack<string>(graph.UsesOf("Orchestron.WebRtc.Transport"));
        while (pending.TryPop(out var next))
        {
            if (reachable.Add(next))
            {
                foreach (var further in graph.UsesOf(next))
                {
                    pending.Push(further);
                }
            }
        }

        Assert.DoesNotContain("Orchestron.WebRtc", reachable);
        Assert.Contains("Orchestron.WebRtc.Transport", graph.Namespaces);
    }
}
