namespace Orchestron.Csound;

/// <summary>How a performance ended.</summary>
/// <param name="Outcome">Score end, stop, or failure.</param>
/// <param name="FramesPerformed">Sample frames rendered.</param>
/// <param name="Error">The failure, when <paramref name="Outcome"/> is <see cref="CsoundPerformanceOutcome.Failed"/>.</param>
/// <param name="CsoundMessages">The last error lines Csound printed, for a failure.</param>
public sealed record CsoundPerformanceResult(
    CsoundPerformanceOutcome Outcome,
    long FramesPerformed,
    Exception? Error,
    IReadOnlyList<string> CsoundMessages);
