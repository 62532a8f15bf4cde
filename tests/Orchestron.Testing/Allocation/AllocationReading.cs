namespace Orchestron.Testing.Allocation;

/// <summary>
/// What one <see cref="AllocationStretch"/> measured: the bytes its thread allocated (null when a collection crossed
/// it), and the collection count and total pause time when it ended, for <see cref="AllocationTally"/> to compare
/// with the stretch after it.
/// </summary>
public readonly record struct AllocationReading(long? Bytes, int CollectionsAtEnd, TimeSpan PausedAtEnd)
{
    /// <summary>True when no collection had been counted, and no pause accounted, by the end of <paramref name="later"/>.</summary>
    public bool StillQuietAt(AllocationReading later) => later.CollectionsAtEnd == CollectionsAtEnd && later.PausedAtEnd == PausedAtEnd;
}
