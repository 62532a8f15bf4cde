using System.Diagnostics.Metrics;

namespace Orchestron.Streaming.Audio;

/// <summary>
/// The counters of one audio stream, published through the <see cref="MeterName"/> meter and readable
/// as a <see cref="StreamingAudioStatistics"/> snapshot.
/// </summary>
/// <remarks>
/// Instruments: <c>orchestron.audio.underruns</c>, <c>orchestron.audio.drops</c>,
/// <c>orchestron.audio.flushed</c>, <c>orchestron.audio.frames_sent</c> (counters, frames),
/// <c>orchestron.audio.ring_depth</c> (gauge, frames) and <c>orchestron.audio.pacing_error</c>
/// (histogram, milliseconds late). Recording allocates nothing.
/// </remarks>
public sealed class StreamingAudioMetrics : IDisposable
{
    /// <summary>The name of the meter the instruments belong to.</summary>
    public const string MeterName = "Orchestron.Streaming";

    private const string FrameUnit = "{frame}";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _underruns;
    private readonly Counter<long> _drops;
    private readonly Counter<long> _flushed;
    private readonly Counter<long> _framesSent;
    private readonly Histogram<double> _pacingError;
    private Func<int>? _ringDepth;

    private long _underrunCount;
    private long _dropCount;
    private long _flushedCount;
    private long _framesSentCount;
    private long _pacingSamples;
    private double _lastPacingErrorMs;
    private double _sumPacingErrorMs;
    private double _maxPacingErrorMs;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>, or on a meter of its own.</summary>
    /// <param name="meterFactory">The host's meter factory (dependency injection), or null.</param>
    public StreamingAudioMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(new MeterOptions(MeterName)) ?? new Meter(MeterName);
        _underruns = _meter.CreateCounter<long>("orchestron.audio.underruns", FrameUnit, "Frame periods with no rendered frame ready; silence was sent.");
        _drops = _meter.CreateCounter<long>("orchestron.audio.drops", FrameUnit, "Stale or overflowing frames discarded to bound latency.");
        _flushed = _meter.CreateCounter<long>("orchestron.audio.flushed", FrameUnit, "Backlog frames skipped when the first consumer connected.");
        _framesSent = _meter.CreateCounter<long>("orchestron.audio.frames_sent", FrameUnit, "Frames handed on by the pacer.");
        _pacingError = _meter.CreateHistogram<double>("orchestron.audio.pacing_error", "ms", "How late the pacer woke for each frame.");
        _meter.CreateObservableGauge("orchestron.audio.ring_depth", () => _ringDepth?.Invoke() ?? 0, FrameUnit, "Whole frames queued between renderer and pacer.");
    }

    /// <summary>Reads the counters. Each value is current; they are not taken atomically together.</summary>
    /// <returns>The snapshot.</returns>
    public StreamingAudioStatistics GetSnapshot()
    {
        var samples = Volatile.Read(ref _pacingSamples);
        return new StreamingAudioStatistics(
            Interlocked.Read(ref _underrunCount),
            Interlocked.Read(ref _dropCount),
            Interlocked.Read(ref _flushedCount),
            _ringDepth?.Invoke() ?? 0,
            Interlocked.Read(ref _framesSentCount),
            Volatile.Read(ref _lastPacingErrorMs),
            samples == 0 ? 0 : Volatile.Read(ref _sumPacingErrorMs) / samples,
            Volatile.Read(ref _maxPacingErrorMs));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    /// <summary>The meter the instruments belong to (tests listen to this exact meter).</summary>
    internal Meter Meter => _meter;

    internal void AttachRingDepth(Func<int> depthInFrames) => _ringDepth = depthInFrames;

    internal void RecordUnderrun()
    {
        Interlocked.Increment(ref _underrunCount);
        _underruns.Add(1);
    }

    internal void RecordDrops(long frames)
    {
        Interlocked.Add(ref _dropCount, frames);
        _drops.Add(frames);
    }

    internal void RecordFlushed(long frames)
    {
        Interlocked.Add(ref _flushedCount, frames);
        _flushed.Add(frames);
    }

    internal void RecordFrameSent()
    {
        Interlocked.Increment(ref _framesSentCount);
        _framesSent.Add(1);
    }

    /// <summary>Pacer thread only: the pacing fields have that single writer.</summary>
    internal void RecordPacingError(double milliseconds)
    {
        Volatile.Write(ref _lastPacingErrorMs, milliseconds);
        Volatile.Write(ref _sumPacingErrorMs, _sumPacingErrorMs + milliseconds);
        if (milliseconds > _maxPacingErrorMs)
        {
            Volatile.Write(ref _maxPacingErrorMs, milliseconds);
        }

        Volatile.Write(ref _pacingSamples, _pacingSamples + 1);
        _pacingError.Record(milliseconds);
    }
}
