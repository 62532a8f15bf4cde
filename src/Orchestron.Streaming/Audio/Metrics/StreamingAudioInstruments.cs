using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace Orchestron.Streaming.Audio;

/// <summary>
/// The audio instruments of one meter, made once however many streams publish to it, and the live streams
/// whose ring depth the gauge reports.
/// </summary>
/// <remarks>
/// An observable instrument cannot be removed from a meter that outlives it, and its callback keeps whatever
/// it reads alive; one gauge per stream on a factory's shared meter kept every finished stream's buffers
/// reachable for the life of the process. One gauge per meter, reading a set that streams join and leave,
/// keeps the meter's reach to the streams that are live.
/// </remarks>
internal sealed class StreamingAudioInstruments
{
    private const string FrameUnit = "{frame}";

    // Keyed weakly by meter: a private meter and its instruments are collected with their stream.
    private static readonly ConditionalWeakTable<Meter, StreamingAudioInstruments> ByMeter = new();

    private readonly Lock _gate = new();
    private readonly List<StreamingAudioMetrics> _live = [];

    private StreamingAudioInstruments(Meter meter)
    {
        Underruns = meter.CreateCounter<long>("orchestron.audio.underruns", FrameUnit, "Frame periods with no rendered frame ready; silence was sent.");
        Drops = meter.CreateCounter<long>("orchestron.audio.drops", FrameUnit, "Stale or overflowing frames discarded to bound latency.");
        Flushed = meter.CreateCounter<long>("orchestron.audio.flushed", FrameUnit, "Backlog frames skipped when the first consumer connected.");
        FramesSent = meter.CreateCounter<long>("orchestron.audio.frames_sent", FrameUnit, "Frames handed on by the pacer.");
        PacingError = meter.CreateHistogram<double>("orchestron.audio.pacing_error", "ms", "How late the pacer woke for each frame.");
        meter.CreateObservableGauge("orchestron.audio.ring_depth", TotalRingDepth, FrameUnit, "Whole frames queued between renderer and pacer, over the live streams.");
    }

    public Counter<long> Underruns { get; }

    public Counter<long> Drops { get; }

    public Counter<long> Flushed { get; }

    public Counter<long> FramesSent { get; }

    public Histogram<double> PacingError { get; }

    public static StreamingAudioInstruments For(Meter meter) => ByMeter.GetValue(meter, static m => new StreamingAudioInstruments(m));

    public void Add(StreamingAudioMetrics stream)
    {
        lock (_gate)
        {
            _live.Add(stream);
        }
    }

    public void Remove(StreamingAudioMetrics stream)
    {
        lock (_gate)
        {
            _live.Remove(stream);
        }
    }

    private int TotalRingDepth()
    {
        lock (_gate)
        {
            var total = 0;
            foreach (var stream in _live)
            {
                total += stream.RingDepth;
            }

            return total;
        }
    }
}
