namespace Orchestron.Streaming.Engine;

/// <summary>Settings of a <see cref="StreamingEngine"/>: how many threads render and how many sessions it admits.</summary>
public sealed class StreamingEngineOptions
{
    /// <summary>Render worker threads; null (the default) for one per processor the process may use.</summary>
    public int? RenderWorkers { get; set; }

    /// <summary>
    /// The most sessions the engine admits; null (the default) to measure it: the cores, times
    /// <see cref="TargetLoad"/>, divided by what a session has been measured to cost.
    /// </summary>
    public int? MaxSessions { get; set; }

    /// <summary>The share of the cores the measured capacity may fill, above 0 and at most 1. Default 0.8.</summary>
    public double TargetLoad { get; set; } = 0.8;

    /// <summary>
    /// How much of a core each session may use on the render pool, and how long it may stay held to that share;
    /// the engine starts with it, and <see cref="StreamingEngine.CpuShare"/> changes it later.
    /// </summary>
    public SessionCpuShareOptions CpuShare { get; set; } = new();

    /// <summary>Throws when a setting is out of range; the message names it, its value and what is accepted.</summary>
    /// <exception cref="ArgumentException">A setting is invalid.</exception>
    public void Validate()
    {
        if (RenderWorkers is < 1 or > 64)
        {
            throw new ArgumentException($"{nameof(RenderWorkers)} is {RenderWorkers}; it must be between 1 and 64, or null for one per processor.");
        }

        ArgumentNullException.ThrowIfNull(CpuShare, nameof(CpuShare));
        CpuShare.Validate();

        if (MaxSessions is < 0)
        {
            throw new ArgumentException($"{nameof(MaxSessions)} is {MaxSessions}; it must be 0 or more, or null to measure it.");
        }

        if (!(TargetLoad > 0 && TargetLoad <= 1))
        {
            throw new ArgumentException($"{nameof(TargetLoad)} is {TargetLoad}; it must be above 0 and at most 1.");
        }
    }

    /// <summary>A copy that later changes to this instance do not affect.</summary>
    /// <returns>A new instance with the same values.</returns>
    public StreamingEngineOptions Clone() => (StreamingEngineOptions)MemberwiseClone();
}
