using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Orchestron.Architecture.Tests.Support;

namespace Orchestron.Architecture.Tests;

/// <summary>
/// The sandboxed worker carries Csound, the shared ring and its protocol, and nothing else: no WebRTC (it never
/// sends a packet) and no Microsoft.Extensions (it has no host, no options and no logging framework of its own).
/// </summary>
public sealed class WorkerFootprintTests
{
    private static readonly string[] ForbiddenPrefixes = ["Orchestron.WebRtc", "Orchestron.Streaming", "Microsoft.Extensions"];

    [Fact]
    public void The_worker_references_no_webrtc_streaming_or_extensions_assembly()
    {
        using var image = new PEReader(File.OpenRead(LibraryAssemblies.PathOf(LibraryAssemblies.Worker)));
        var metadata = image.GetMetadataReader();

        var references = metadata.AssemblyReferences.Select(handle => metadata.GetString(metadata.GetAssemblyReference(handle).Name)).ToList();

        Assert.Contains(LibraryAssemblies.Csound, references);
        Assert.DoesNotContain(references, name => ForbiddenPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)));
    }

    [Fact]
    public void The_worker_reaches_no_webrtc_or_extensions_type()
    {
        using var image = new PEReader(File.OpenRead(LibraryAssemblies.PathOf(LibraryAssemblies.Worker)));
        var metadata = image.GetMetadataReader();

        // Every type the worker's IL names from another assembly is a type reference: none may be one of these.
        var referenced = metadata.TypeReferences
            .Select(handle => metadata.GetTypeReference(handle))
            .Select(type => metadata.GetString(type.Namespace) + "." + metadata.GetString(type.Name))
            .ToList();

        Assert.Contains(referenced, name => name.StartsWith("Orchestron.Csound.", StringComparison.Ordinal));
        Assert.DoesNotContain(referenced, name => name.StartsWith("Orchestron.WebRtc", StringComparison.Ordinal));
        Assert.DoesNotContain(referenced, name => name.StartsWith("Microsoft.Extensions", StringComparison.Ordinal));
    }
}
