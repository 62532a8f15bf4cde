using System.Globalization;

namespace Orchestron.Streaming.Engine;

/// <summary>
/// Whether one more session fits on the render pool, by measured cost: the CPU the sessions rendering now were
/// measured to use, plus an estimate for the new one, against what the pool holds.
/// </summary>
/// <param name="Admitted">Whether the new session fits.</param>
/// <param name="LoadCores">What the sessions on the pool use now, in cores (a session not yet measured counts as the estimate).</param>
/// <param name="EstimateCores">What the new session is expected to use: the mean of the measured sessions, or a sixteenth of a core before any.</param>
/// <param name="CapacityCores">What the pool holds: its workers times the target load.</param>
/// <param name="Sessions">Sessions on the pool now.</param>
public readonly record struct SessionAdmission(bool Admitted, double LoadCores, double EstimateCores, double CapacityCores, int Sessions)
{
    /// <summary>The reason, in words a client can read.</summary>
    public string Reason => string.Create(
        CultureInfo.InvariantCulture,
        $"The {Sessions} sessions rendering use {LoadCores:0.00} cores, and a new one is estimated at {EstimateCores:0.000}; the render pool holds {CapacityCores:0.00} cores.");
}
