using System.Diagnostics;

namespace Orchestron.Streaming.Audio;

/// <summary>
/// Real time from <see cref="Stopwatch"/> timestamps, with waits that sleep until the absolute deadline in one
/// high-resolution sleep: on Linux <c>clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME)</c>, the very clock
/// <see cref="Stopwatch"/> reads there. The waiting thread never spins or yields in a loop.
/// </summary>
/// <remarks>
/// Elsewhere the wait sleeps for the remaining whole milliseconds rounded up, so it never returns early but
/// may wake up to a timer tick late (a fallback until a platform's absolute timer is wired in).
/// </remarks>
public sealed class MonotonicPacerClock : IPacerClock
{
    // A cancellable wait sleeps in slices no longer than this, so cancellation is seen promptly; each slice
    // ends at an absolute time, so slicing adds no error.
    private static readonly long CancellationSlice = Stopwatch.Frequency / 20;

    private static readonly bool AbsoluteSleep = OperatingSystem.IsLinux() && Stopwatch.Frequency == 1_000_000_000;

    /// <summary>The shared instance (the clock has no state).</summary>
    public static MonotonicPacerClock Instance { get; } = new();

    /// <summary>True when waits use the platform's absolute high-resolution sleep rather than the millisecond fallback.</summary>
    public static bool UsesAbsoluteSleep => AbsoluteSleep;

    /// <inheritdoc />
    public long Frequency => Stopwatch.Frequency;

    /// <inheritdoc />
    public long GetTimestamp() => Stopwatch.GetTimestamp();

    /// <inheritdoc />
    public void WaitUntil(long deadline, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= deadline)
            {
                return;
            }

            var until = cancellationToken.CanBeCanceled ? Math.Min(deadline, now + CancellationSlice) : deadline;
            if (AbsoluteSleep)
            {
                SleepUntilMonotonic(until);
            }
            else
            {
                Thread.Sleep((int)Math.Max(1, ((until - now) * 1000 + Stopwatch.Frequency - 1) / Stopwatch.Frequency));
            }
        }
    }

    /// <summary>Linux only: one absolute sleep on CLOCK_MONOTONIC (in nanoseconds, as Stopwatch counts there).</summary>
    private static unsafe void SleepUntilMonotonic(long nanoseconds)
    {
        var request = new Interop.Libc.TimeSpec
        {
            Seconds = (nint)(nanoseconds / 1_000_000_000),
            Nanoseconds = (nint)(nanoseconds % 1_000_000_000),
        };

        // A signal (the runtime suspending threads for a collection) ends the sleep early; the caller's loop
        // sleeps again to the same absolute time.
        _ = Interop.Libc.ClockNanosleep(Interop.Libc.ClockMonotonic, Interop.Libc.TimerAbsoluteTime, &request, null);
    }
}
