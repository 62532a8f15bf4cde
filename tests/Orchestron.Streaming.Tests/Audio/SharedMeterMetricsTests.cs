using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Orchestron.Streaming.Audio;

namespace Orchestron.Streaming.Tests.Audio;

/// <summary>
/// Streams whose metrics come from one factory share its long-lived meter: the meter must hold one set of
/// instruments however many streams came and went, and nothing of a disposed stream.
/// </summary>
public sealed class SharedMeterMetricsTests
{
    [Fact]
    public void A_thousand_streams_on_one_factory_meter_leave_one_gauge_that_reads_only_the_live_stream()
    {
        using var factory = new CachingMeterFactory();
        var disposed = Enumerable.Range(0, 1000).Select(_ => CreateAndDispose(factory)).ToList();
        using var live = new StreamingAudioMetrics(factory);
        live.AttachRingDepth(() => 3);

        var gauges = 0;
        var depth = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == live.Meter && instrument.Name == "orchestron.audio.ring_depth")
            {
                gauges++;
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, value, _, _) => depth = value);
        listener.Start();
        listener.RecordObservableInstruments();

        Assert.Equal(1, gauges);
        Assert.Equal(3, depth);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.All(disposed, stream => Assert.False(stream.IsAlive, "a disposed stream's metrics are still reachable"));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference CreateAndDispose(IMeterFactory factory)
    {
        var metrics = new StreamingAudioMetrics(factory);
        var frames = new float[48_000]; // Stands in for the stream's buffer, which a kept callback would keep.
        metrics.AttachRingDepth(() => frames.Length);
        metrics.Dispose();
        return new WeakReference(metrics);
    }

    /// <summary>Like the host's factory: one meter per name, kept until the factory is disposed.</summary>
    private sealed class CachingMeterFactory : IMeterFactory
    {
        private readonly Dictionary<string, Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            if (!_meters.TryGetValue(options.Name, out var meter))
            {
                meter = new Meter(options.Name);
                _meters[options.Name] = meter;
            }

            return meter;
        }

        public void Dispose()
        {
            foreach (var meter in _meters.Values)
            {
                meter.Dispose();
            }
        }
    }
}
