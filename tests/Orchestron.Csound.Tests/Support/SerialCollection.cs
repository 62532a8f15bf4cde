namespace Orchestron.Csound.Tests.Support;

/// <summary>Tests that measure the whole process (memory, file descriptor 2) run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Whole process";
}
