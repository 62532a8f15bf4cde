using System.Reflection;
using Orchestron.Streaming.Audio;
using Orchestron.Streaming.Engine;

namespace Orchestron.Benchmarks.Browser;

/// <summary>
/// An experiment, not a feature: moves every session's pacer schedule <c>pause</c> later, once, so the stream stops
/// for that long and then goes on with continuous RTP timestamps (nothing is dropped; Csound's own time stops with
/// it). A receiver whose jitter buffer holds more than the pause plays it out and keeps the rest: the benchmark uses
/// it to see whether NetEQ's buffer, once lowered this way, stays lower. It reaches into the scheduler's heap by
/// reflection, because no public API moves a schedule.
/// </summary>
internal static class PacerPause
{
    public static async Task ApplyAsync(StreamingEngine engine, TimeSpan pause)
    {
        var scheduler = engine.Scheduler;
        var heap = typeof(PacerScheduler).GetField("_heap", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(scheduler)!;
        var items = heap.GetType().GetField("_items", BindingFlags.NonPublic | BindingFlags.Instance)!;
        var ticks = (long)(pause.TotalSeconds * engine.Clock.Frequency);
        // The registration is out of the heap while it fires; try again until it is back in.
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var registrations = ((PacerRegistration?[])items.GetValue(heap)!).OfType<PacerRegistration>().ToArray();
            if (registrations.Length > 0)
            {
                foreach (var registration in registrations)
                {
                    // Start is read by the scheduler thread when it computes the next deadline; a 64-bit store is atomic.
                    Interlocked.Add(ref registration.Start, ticks);
                }

                return;
            }

            await Task.Delay(1);
        }

        throw new InvalidOperationException("No paced stream was found in the scheduler.");
    }
}
