namespace Orchestron.Host.Configuration;

/// <summary>The streaming pipeline's knobs, with the meanings they had in the original system.</summary>
/// <param name="FrameMs">Audio frame duration in milliseconds: 10 or 20.</param>
/// <param name="QueueFramesMax">Capacity of the frame ring between renderer and pacer.</param>
/// <param name="QueueFramesTarget">The lead, in frames, the renderer keeps ahead of the pacer.</param>
/// <param name="FlushOnConnect">Whether a newly connected first listener skips the backlog.</param>
/// <param name="StartupKeepFrames">How many of the newest frames that flush keeps.</param>
public sealed record StreamingOptions(
    int FrameMs,
    int QueueFramesMax,
    int QueueFramesTarget,
    bool FlushOnConnect,
    int StartupKeepFrames);
