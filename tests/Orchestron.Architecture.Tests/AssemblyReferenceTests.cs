using Orchestron.Architecture.Tests.Support;

namespace Orchestron.Architecture.Tests;

/// <summary>
/// The packages depend on each other in one direction only: Csound and WebRtc stand alone, Streaming joins
/// them, the host sits on top. The sandboxed Csound worker uses Csound alone (its shared ring and control protocol
/// are compiled into it from src/Common) and nothing of the host, which only launches it.
/// </summary>
public sealed class AssemblyReferenceTests
{
    [Fact]
    public void Each_assembly_references_only_the_orchestron_assemblies_below_it()
    {
        Assert.Empty(LibraryAssemblies.OrchestronReferencesOf(LibraryAssemblies.Csound));
        Assert.Empty(LibraryAssemblies.OrchestronReferencesOf(LibraryAssemblies.WebRtc));
        Assert.Equal(
            new HashSet<string> { LibraryAssemblies.Csound, LibraryAssemblies.WebRtc },
            LibraryAssemblies.OrchestronReferencesOf(LibraryAssemblies.Streaming));
        Assert.Contains(LibraryAssemblies.Streaming, LibraryAssemblies.OrchestronReferencesOf(LibraryAssemblies.Host));
        Assert.DoesNotContain(LibraryAssemblies.Worker, LibraryAssemblies.OrchestronReferencesOf(LibraryAssemblies.Host));
        Assert.Equal(
            new HashSet<string> { LibraryAssemblies.Csound },
            LibraryAssemblies.OrchestronReferencesOf(LibraryAssemblies.Worker));
    }
}
