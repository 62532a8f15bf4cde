using System.Diagnostics;

namespace Orchestron.Streaming.Engine;

/// <summary>
/// One session's CPU use on the render pool, measured in windows of half a second, and its budget in the current
/// window: its share of a core times the window. A session that has used its budget waits for the next window
/// (the pool does not claim it), so that what it takes beyond its share is never another session's.
/// </summary>
/// <remarks>
/// Only the worker holding the session's claim writes here; anyone may read (every field is a single aligned
/// 64-bit word). Nothing here allocates, except the failure's reason, once.
/// </remarks>
internal sealed class RenderShareMeter
{
    /// <summary>Windows measured before <see cref="SettledShare"/> counts: the start-up window and the two after it.</summary>
    private const int SettlingWindows = 3;

    /// <summary>The measuring window: short enough that a held session waits a few frames, long enough to average a period's cost.</summary>
    internal static readonly long WindowTicks = Stopwatch.Frequency / 2;

    // 0: the first turn opens the first window (its budget is set then).
    private long _windowStart;
    private long _windowCpuNanoseconds;
    private long _budgetNanoseconds = long.MaxValue;
    private double _lastShare;
    private double _previousShare;
    private int _windowsMeasured;
    private double _limit = 1;
    private long _heldSince;
    private string? _failure;

    /// <summary>Whether the session has used its budget and its window has not ended yet at <paramref name="now"/>.</summary>
    internal bool IsOverBudget(long now) =>
        Volatile.Read(ref _windowCpuNanoseconds) >= Volatile.Read(ref _budgetNanoseconds) && now - Volatile.Read(ref _windowStart) < WindowTicks;

    /// <summary>When the current window ends, in <see cref="Stopwatch"/> ticks.</summary>
    internal long WindowEnd => Volatile.Read(ref _windowStart) + WindowTicks;

    /// <summary>Whether the session was held to its share in this window or the one before.</summary>
    internal bool IsHeld => Volatile.Read(ref _heldSince) != 0;

    internal string? FailureReason => Volatile.Read(ref _failure);

    /// <summary>The share of a core measured over the last window.</summary>
    internal double LastShare => Volatile.Read(ref _lastShare);

    /// <summary>
    /// What the session costs once settled, for deciding whether another fits: the smaller of its last two windows,
    /// not counting the first (which carries the start's one-time work); 0 until there are two such windows. One
    /// window alone can read high without the session costing that (a first call's compilation, the thread charged
    /// for a stretch the machine gave to something else); a session that really costs that much costs it in both.
    /// </summary>
    internal double SettledShare =>
        Volatile.Read(ref _windowsMeasured) >= SettlingWindows ? Math.Min(Volatile.Read(ref _lastShare), Volatile.Read(ref _previousShare)) : 0;

    /// <summary>Whether the current window's time is up at <paramref name="now"/>.</summary>
    internal bool WindowEnded(long now) => now - Volatile.Read(ref _windowStart) >= WindowTicks;

    /// <summary>
    /// Claim holder, once <see cref="WindowEnded"/>: ends the window (its share measured; the hold lifted if the
    /// session stayed within its budget) and opens the next with a budget of <paramref name="limit"/> of a core.
    /// </summary>
    internal void BeginWindow(long now, double limit)
    {
        // The first turn opens the first window: nothing was measured before it.
        if (_windowStart != 0)
        {
            var windowNanoseconds = (now - _windowStart) * (1e9 / Stopwatch.Frequency);
            Volatile.Write(ref _previousShare, _lastShare);
            Volatile.Write(ref _lastShare, _windowCpuNanoseconds / windowNanoseconds);
            Volatile.Write(ref _windowsMeasured, _windowsMeasured + 1);
        }

        if (_windowCpuNanoseconds < _budgetNanoseconds)
        {
            Volatile.Write(ref _heldSince, 0);
        }

        Volatile.Write(ref _limit, limit);
        Volatile.Write(ref _budgetNanoseconds, (long)(limit * WindowTicks * (1e9 / Stopwatch.Frequency)));
        Volatile.Write(ref _windowCpuNanoseconds, 0);
        Volatile.Write(ref _windowStart, now);
    }

    /// <summary>Claim holder: counts a turn's CPU time; a session that reaches its budget is held from then on.</summary>
    internal void EndTurn(long cpuNanoseconds, long now)
    {
        var used = _windowCpuNanoseconds + cpuNanoseconds;
        Volatile.Write(ref _windowCpuNanoseconds, used);
        if (used >= _budgetNanoseconds && _heldSince == 0)
        {
            Volatile.Write(ref _heldSince, now);
        }
    }

    /// <summary>Whether the session has been held without a break for <paramref name="timeout"/> or longer at <paramref name="now"/>.</summary>
    internal bool HeldAtLeast(TimeSpan timeout, long now)
    {
        var since = Volatile.Read(ref _heldSince);
        return since != 0 && Stopwatch.GetElapsedTime(since, now) >= timeout;
    }

    /// <summary>Claim holder: records why the session is failed.</summary>
    internal string Fail(TimeSpan timeout)
    {
        var reason = string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"The session used more than its share of the render pool ({Volatile.Read(ref _limit):0.###} of a core) for {timeout.TotalSeconds:0.#} s without a break; it was stopped so that other sessions keep their deadlines.");
        Volatile.Write(ref _failure, reason);
        return reason;
    }

    /// <summary>What was measured, as of <paramref name="now"/>.</summary>
    internal SessionCpuShare Snapshot(long now)
    {
        var since = Volatile.Read(ref _heldSince);
        return new SessionCpuShare(
            Volatile.Read(ref _lastShare),
            Volatile.Read(ref _limit),
            since == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(since, now),
            Volatile.Read(ref _failure));
    }
}
