namespace Orchestron.Packaging.Tests;

/// <summary>
/// Tests that run <c>dotnet pack</c> on the repository's projects, one at a time: packing Orchestron.Streaming
/// compiles the sandbox worker with NativeAOT into the worker project's own intermediate folder, whatever the
/// artifacts path, and two compilers writing the same files at once crash (a bus error in ilc).
/// </summary>
[CollectionDefinition(Name)]
public sealed class RepositoryPackCollection
{
    public const string Name = "Packs the repository";
}
