using System.Diagnostics;

namespace Orchestron.Streaming.Audio;

/// <summary>
/// A clock for tests and offline runs that jumps to each deadline instead of waiting for it, so a pacer
/// runs as fast as the work it paces allows.
/// </summary>
/// <remarks>
/// A wait returns at once, unless a readiness condition was given: then time advances only once the
/// condition holds (for example, once the renderer has refilled the queue to its lead), which makes a run
/// faster than real time yet free of the races a sped-up real clock would have. If the condition stays
/// false for longer than the stall timeout of real time, time advances anyway, so a stuck renderer shows up
/// as underruns rather than as a hang.
/// </remarks>
public sealed class VirtualPacerClock : IPacerClock
{
    private readonly Func<bool>? _readyToAdvance;
    private readonly long _stallTimeoutTicks;
    private long _now;

    /// <summary>Creates a virtual clock at tick 0, counting nanoseconds.</summary>
    /// <param name="readyToAdvance">When given, time advances only while this returns true (or after the stall timeout).</param>
    /// <param name="stallTimeout">Real time to wait for <paramref name="readyToAdvance"/>; 10 s when null.</param>
    public VirtualPacerClock(Func<bool>? readyToAdvance = null, TimeSpan? stallTimeout = null)
    {
        _readyToAdvance = readyToAdvance;
        _stallTimeoutTicks = (long)((stallTimeout ?? TimeSpan.FromSeconds(10)).TotalSeconds * Stopwatch.Frequency);
    }

    /// <inheritdoc />
    public long Frequency => 1_000_000_000;

    /// <inheritdoc />
    public long GetTimestamp() => Volatile.Read(ref _now);

    /// <summary>Moves time forward (never backward).</summary>
    /// <param name="ticks">Nanoseconds to add (not negative).</param>
    public void Advance(long ticks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ticks);
        Interlocked.Add(ref _now, ticks);
    }

    /// <inheritdoc />
    public void WaitUntil(long deadline, CancellationToken cancellationToken)
    {
        if (_readyToAdvance is not null && Volatile.Read(ref _now) < deadline)
        {
            var giveUpAt = Stopwatch.GetTimestamp() + _stallTimeoutTicks;
            var spin = default(SpinWait);
            while (!_readyToAdvance() && !cancellationToken.IsCancellationRequested && Stopwatch.GetTimestamp() < giveUpAt)
            {
                spin.SpinOnce();
            }
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        var now = Volatile.Read(ref _now);
        while (now < deadline)
        {
            var seen = Interlocked.CompareExchange(ref _now, deadline, now);
            if (seen == now)
            {
                return;
            }

            now = seen;
        }
    }
}
