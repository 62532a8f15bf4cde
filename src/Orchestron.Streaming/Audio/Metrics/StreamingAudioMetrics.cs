using System.Diagnostics.Metrics;

namespace Orchestron.Streaming.Audio;

/// <summary>
/// The counters of one audio stream, published through the <see cref="MeterName"/> meter and readable
/// as a <see cref="StreamingAudioStatistics"/> snapshot.
/// </summary>
/// <remarks>
/// Instruments: <c>orchestron.audio.underruns</c>, <c>orchestron.audio.drops</c>,
/// <c>orchestron.audio.flushed</c>, <c>orchestron.audio.frames_sent</c> (counters, frames),
/// <c>orchestron.audio.ring_depth</c> (gauge, frames, summed over the live streams that publish to the
/// meter) and <c>orchestron.audio.pacing_error</c> (histogram, milliseconds late). Recording allocates nothing.
/// </remarks>
public sealed class StreamingAudioMetrics : IDisposable
{
    /// <summary>The name of the meter the instruments belong to.</summary>
    public const string MeterName = "Orchestron.Streaming";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly StreamingAudioInstruments _instruments;
    private Func<int>? _ringDepth;

    private long _underrunCount;
    private long _dropCount;
    private long _flushedCount;
    private long _framesSentCount;
    private long _pacingSamples;
    private double _lastPacingErrorMs;
    private double _sumPacingErrorMs;
    private double _maxPacingErrorMs;
    private int _disposed;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>, or on a meter of its own.</summary>
    /// <param name="meterFactory">The host's meter factory (dependency injection), or null.</param>
    /// <remarks>
    /// A factory hands every stream the same cached meter, which lives as long as the factory. The instruments
    /// are therefore made once per meter and shared; this stream only joins the set the ring-depth gauge reads,
    /// and leaves it when disposed, so nothing of a finished stream stays reachable from the meter.
    /// </remarks>
    public StreamingAudioMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(new MeterOptions(MeterName)) ?? new Meter(MeterName);
        _instruments = StreamingAudioInstruments.For(_meter);
        _instruments.Add(this);
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
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _instruments.Remove(this);
        _ringDepth = null;
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    /// <summary>The meter the instruments belong to (tests listen to this exact meter).</summary>
    internal Meter Meter => _meter;

    internal void AttachRingDepth(Func<int> depthInFrames) => _ringDepth = depthInFrames;

    /// <summary>The frames queued now, for the shared ring-depth gauge.</summary>
    internal int RingDepth => _ringDepth?.Invoke() ?? 0;

    internal void RecordUnderruns(long frames)
    {
        Interlocked.Add(ref _underrunCount, frames);
        _instruments.Underruns.Add(frames);
    }

    internal void RecordDrops(long frames)
    {
        Interlocked.Add(ref _dropCount, frames);
        _instruments.Drops.Add(frames);
    }

    internal void RecordFlushed(long frames)
    {
        Interlocked.Add(ref _flushedCount, frames);
        _instruments.Flushed.Add(frames);
    }

    internal void RecordFramesSent(long frames)
    {
        Interlocked.Add(ref _framesSentCount, frames);
        _instruments.FramesSent.Add(frames);
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
        _instruments.PacingError.Record(milliseconds);
    }
}
