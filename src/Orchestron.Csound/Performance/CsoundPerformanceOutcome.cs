namespace Orchestron.Csound;

/// <summary>Why a performance ended.</summary>
public enum CsoundPerformanceOutcome
{
    /// <summary>The score reached its end.</summary>
    ScoreEnded,

    /// <summary><see cref="CsoundPerformer.StopAsync"/> or disposal stopped it.</summary>
    Stopped,

    /// <summary>Csound, the sink or the instance failed; <see cref="CsoundPerformanceResult.Error"/> says why.</summary>
    Failed,
}
