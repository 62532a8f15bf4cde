using System.Diagnostics;

namespace Orchestron.Streaming.Audio;

/// <summary>
/// Real time from <see cref="Stopwatch"/> timestamps, with waits that sleep while the deadline is far and
/// yield the processor for the last stretch, so wake-ups land within tens of microseconds of the
/// deadline without a thread busy-spinning for a whole frame.
/// </summary>
public sealed class MonotonicPacerClock : IPacerClock
{
    // Sleep(1) can take over a millisecond on a loaded machine; below this margin the wait yields instead.
    private static readonly long SleepMargin = Stopwatch.Frequency * 2 / 1000;

    /// <summary>The shared instance (the clock has no state).</summary>
    public static MonotonicPacerClock Instance { get; } = new();

    /// <inheritdoc />
    public long Frequency => Stopwatch.Frequency;

    /// <inheritdoc />
    public long GetTimestamp() => Stopwatch.GetTimestamp();

    /// <inheritdoc />
    public void WaitUntil(long deadline, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var remaining = deadline - Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                return;
            }

            if (remaining > SleepMargin)
            {
                var sleepMs = (int)((remaining - SleepMargin) * 1000 / Stopwatch.Frequency);
                if (cancellationToken.CanBeCanceled)
                {
                    cancellationToken.WaitHandle.WaitOne(Math.Max(sleepMs, 1));
                }
                else
                {
                    Thread.Sleep(Math.Max(sleepMs, 1));
                }
            }
            else
            {
                Thread.Yield();
            }
        }
    }
}
