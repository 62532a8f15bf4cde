using System.Diagnostics.Metrics;
using Orchestron.Streaming.Audio;

namespace Orchestron.Benchmarks.Sessions;

/// <summary>Keeps every pacing error the pacers record (through the metrics they publish) while enabled, for percentiles.</summary>
internal sealed class PacingRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly double[] _values = new double[4_000_000];
    private int _count;
    private volatile bool _enabled;

    public PacingRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StreamingAudioMetrics.MeterName && instrument.Name == "orchestron.audio.pacing_error")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, value, _, _) =>
        {
            if (_enabled)
            {
                var index = Interlocked.Increment(ref _count) - 1;
                if (index < _values.Length)
                {
                    _values[index] = value;
                }
            }
        });
        _listener.Start();
    }

    public void Restart()
    {
        _enabled = false;
        Volatile.Write(ref _count, 0);
        _enabled = true;
    }

    /// <summary>Stops recording and returns the median, 99th percentile and maximum, in milliseconds.</summary>
    public (double Median, double P99, double Max, int Count) Stop()
    {
        _enabled = false;
        var count = Math.Min(Volatile.Read(ref _count), _values.Length);
        if (count == 0)
        {
            return (0, 0, 0, 0);
        }

        var sorted = _values.AsSpan(0, count);
        sorted.Sort();
        return (sorted[count / 2], sorted[Math.Min(count - 1, (int)(count * 0.99))], sorted[^1], count);
    }

    public void Dispose() => _listener.Dispose();
}
