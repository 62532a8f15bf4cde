using System.Diagnostics.Metrics;
using Orchestron.Streaming.Audio;

namespace Orchestron.Streaming.Tests.Audio;

public sealed class StreamingAudioMetricsTests
{
    [Fact]
    public void Drops_flushes_underruns_frames_sent_ring_depth_and_pacing_are_published_on_the_meter()
    {
        using var metrics = new StreamingAudioMetrics();
        var totals = new Dictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == metrics.Meter)
            {
                Assert.Equal(StreamingAudioMetrics.MeterName, instrument.Meter.Name);
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Add(instrument.Name, value));
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => totals[instrument.Name] = value);
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => Add(instrument.Name, value));
        listener.Start();

        using var buffer = new AudioFrameQueue(new StreamingAudioOptions { FrameMs = 10, QueueFramesMax = 4, QueueFramesTarget = 2, StartupKeepFrames = 1 }, metrics);
        buffer.Write(new float[5 * 960]);
        var frame = new float[960];
        Assert.True(buffer.TryReadFrame(frame));
        Assert.Equal(1, buffer.FlushBacklog(0));
        metrics.RecordUnderruns(1);
        metrics.RecordFramesSent(1);
        metrics.RecordPacingError(1.5);
        metrics.RecordPacingError(0.5);
        buffer.Write(new float[3 * 960]);
        listener.RecordObservableInstruments();

        Assert.Equal(1 + 2, totals["orchestron.audio.drops"]);
        Assert.Equal(1, totals["orchestron.audio.flushed"]);
        Assert.Equal(1, totals["orchestron.audio.underruns"]);
        Assert.Equal(1, totals["orchestron.audio.frames_sent"]);
        Assert.Equal(2.0, totals["orchestron.audio.pacing_error"]);
        Assert.Equal(3, totals["orchestron.audio.ring_depth"]);

        var snapshot = metrics.GetSnapshot();
        Assert.Equal(new StreamingAudioStatistics(1, 3, 1, 3, 1, 0.5, 1.0, 1.5), snapshot);

        void Add(string name, double value) => totals[name] = totals.GetValueOrDefault(name) + value;
    }
}
