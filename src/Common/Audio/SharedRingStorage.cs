namespace Orchestron.Streaming.Audio;

// No accessibility named: public in Orchestron.Streaming (Audio/SharedSourceTypes.cs), internal in the worker.
/// <summary>
/// Memory an <see cref="SpscRing{T}"/> runs over instead of its own: the slots and the two positions, for
/// example inside a mapping that a producer process and a consumer process share.
/// </summary>
/// <remarks>
/// Each position is a block of <see cref="PositionBlockSize"/> bytes whose 64-bit counter sits at offset
/// <see cref="PositionValueOffset"/>, so that it shares its cache line (and the adjacent one) with nothing.
/// The caller keeps the memory valid for as long as the ring is used.
/// </remarks>
/// <param name="slots">The first slot; 64-byte aligned for best results.</param>
/// <param name="slotSize">The size of one slot in bytes; must equal the ring's element size.</param>
/// <param name="capacity">The number of slots; a power of two.</param>
/// <param name="writePosition">The producer's position block.</param>
/// <param name="readPosition">The consumer's position block.</param>
#pragma warning disable CA1815 // Pointers to someone's memory: comparing two of these means nothing.
readonly unsafe partial struct SharedRingStorage(void* slots, int slotSize, int capacity, void* writePosition, void* readPosition)
#pragma warning restore CA1815
{
    /// <summary>The bytes a position block takes.</summary>
    public const int PositionBlockSize = 128;

    /// <summary>Where in its block a position's 64-bit counter sits.</summary>
    public const int PositionValueOffset = 64;

    /// <summary>The first slot.</summary>
    public void* Slots { get; } = slots;

    /// <summary>The size of one slot in bytes.</summary>
    public int SlotSize { get; } = slotSize;

    /// <summary>The number of slots.</summary>
    public int Capacity { get; } = capacity;

    /// <summary>The producer's position block.</summary>
    public void* WritePosition { get; } = writePosition;

    /// <summary>The consumer's position block.</summary>
    public void* ReadPosition { get; } = readPosition;
}
