namespace Orchestron.Streaming.Engine;

/// <summary>
/// How much of the render pool one session may use: the render workers measure each session's CPU time, and a
/// session past its share is held to it (the pool renders it only within its share, after every session within
/// theirs) and, if it stays there, failed with the reason.
/// </summary>
public sealed record SessionCpuShareOptions
{
    /// <summary>The shortest time over its share after which a session may be failed.</summary>
    public static readonly TimeSpan MinOverShareTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The longest time over its share after which a session may be failed.</summary>
    public static readonly TimeSpan MaxOverShareTimeout = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The share of one core a session may use; null (the default) for an automatic share: whichever is more of its
    /// equal part of the pool's cores (<see cref="CapacityCores"/>, or one per worker) and what the other sessions
    /// were measured to leave free, at least <see cref="MinAutomaticShare"/>. A session is then held only when the
    /// cores are oversubscribed and it takes more than its part.
    /// </summary>
    public double? CoreShare { get; init; }

    /// <summary>
    /// The cores the render pool's sessions may fill together, for admission and the automatic share; null (the
    /// default) for its workers times <see cref="StreamingEngineOptions.TargetLoad"/> for admission and one core per
    /// worker for the share. Set it lower to keep cores for other work on the machine.
    /// </summary>
    public double? CapacityCores { get; init; }

    /// <summary>The least share of a core the automatic share gives a session, however many there are: 0.05.</summary>
    public double MinAutomaticShare { get; init; } = 0.05;

    /// <summary>How long a session may stay held to its share before it is failed; 5 seconds by default.</summary>
    public TimeSpan OverShareTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Throws when a setting is out of range; the message names it, its value and what is accepted.</summary>
    /// <exception cref="ArgumentException">A setting is invalid.</exception>
    public void Validate()
    {
        if (CoreShare is { } share && !(share > 0 && share <= 1))
        {
            throw new ArgumentException($"{nameof(CoreShare)} is {share}; it must be above 0 and at most 1 (one core), or null for the automatic share.");
        }

        if (CapacityCores is { } cores && !(cores > 0 && cores <= 1024))
        {
            throw new ArgumentException($"{nameof(CapacityCores)} is {cores}; it must be above 0 and at most 1024, or null for the workers times the target load.");
        }

        if (!(MinAutomaticShare > 0 && MinAutomaticShare <= 1))
        {
            throw new ArgumentException($"{nameof(MinAutomaticShare)} is {MinAutomaticShare}; it must be above 0 and at most 1.");
        }

        if (OverShareTimeout < MinOverShareTimeout || OverShareTimeout > MaxOverShareTimeout)
        {
            throw new ArgumentException($"{nameof(OverShareTimeout)} is {OverShareTimeout}; it must be from {MinOverShareTimeout} to {MaxOverShareTimeout}.");
        }
    }
}
