namespace Orchestron.Csound;

/// <summary>
/// Runs a <see cref="CsoundPerformer"/> started with <see cref="CsoundPerformer.Start(ICsoundPerformanceDriver)"/>
/// on threads of its own choosing (a render pool), instead of the performer's own thread.
/// </summary>
public interface ICsoundPerformanceDriver
{
    /// <summary>
    /// Called from any thread when <paramref name="performer"/> has work that should run soon even if no audio is
    /// wanted: posted work, or a stop request. The driver should then call <see cref="CsoundPerformer.RunPendingWork"/>
    /// (or <see cref="CsoundPerformer.RunControlPeriod"/>) promptly. Must not block.
    /// </summary>
    /// <param name="performer">The performer that asks to be run.</param>
    void RunRequested(CsoundPerformer performer);
}
