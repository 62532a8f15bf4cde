namespace Orchestron.Host.Configuration;

/// <summary>How many sessions the host keeps, how long an idle one lives, and how long a stop may take.</summary>
/// <param name="MaxSessions">The most sessions at once; each holds a Csound instance.</param>
/// <param name="IdleTimeout">How long a session may go without a listener (control calls do not count); null keeps idle sessions.</param>
/// <param name="StopTimeout">How long a stop waits for the render to return before giving up on it.</param>
public sealed record SessionLimits(int MaxSessions, TimeSpan? IdleTimeout, TimeSpan StopTimeout)
{
    /// <summary>The default cap.</summary>
    public const int DefaultMaxSessions = 16;

    /// <summary>The highest cap accepted: far more instances than a host renders in real time.</summary>
    public const int MaxMaxSessions = 1024;

    /// <summary>The value of the playing-sessions setting that leaves the limit to the engine's measurements.</summary>
    public const string AutomaticPlayingSessions = "auto";

    /// <summary>The default idle time, in minutes.</summary>
    public const int DefaultIdleMinutes = 10;

    /// <summary>The longest idle time accepted, in minutes: one day.</summary>
    public const int MaxIdleMinutes = 1440;

    /// <summary>The default stop timeout, in milliseconds.</summary>
    public const int DefaultStopTimeoutMs = 5000;

    /// <summary>The shortest stop timeout accepted: a few control periods of the slowest engine settings.</summary>
    public const int MinStopTimeoutMs = 100;

    /// <summary>The longest stop timeout accepted.</summary>
    public const int MaxStopTimeoutMs = 600_000;

    /// <summary>
    /// The most sessions playing at once; null (the default) to admit a start while the streaming engine's measured
    /// load leaves room for one more.
    /// </summary>
    public int? MaxPlayingSessions { get; init; }

    /// <summary>The defaults.</summary>
    public static SessionLimits Default { get; } = new(
        DefaultMaxSessions, TimeSpan.FromMinutes(DefaultIdleMinutes), TimeSpan.FromMilliseconds(DefaultStopTimeoutMs));
}
