using Orchestron.Streaming.Audio;

namespace Orchestron.Benchmarks.Sandbox;

/// <summary>
/// A pacer consumer that keeps the left channel of every frame and the queue depth the pacer left behind it, so
/// that a run can count discontinuities, measure pitch and compare the queue latency of two ways of rendering.
/// </summary>
internal sealed class ContinuityProbe(AudioFrameQueue buffer) : IAudioFrameConsumer
{
    private readonly List<float> _left = new(48_000 * 70);
    private long _depthSamples;
    private long _depthReadings;

    /// <summary>Frames are kept only while this is set: the measured window, after the start-up.</summary>
    public volatile bool Recording;

    public int SilentFrames { get; private set; }

    public int TimestampGaps { get; private set; }

    public IReadOnlyList<float> Left => _left;

    /// <summary>The mean audio queued behind a frame as the pacer took it, in ms: the queue's share of the latency.</summary>
    public double MeanQueuedMs => _depthReadings == 0 ? 0 : _depthSamples / (double)_depthReadings / 2 / 48.0;

    private long _nextTimestamp = -1;

    public void OnFrame(ReadOnlySpan<float> interleavedStereo, long timestamp, bool isSilence)
    {
        if (_nextTimestamp >= 0 && timestamp != _nextTimestamp)
        {
            TimestampGaps++;
        }

        _nextTimestamp = timestamp + (interleavedStereo.Length / 2);
        if (!Recording)
        {
            return;
        }

        if (isSilence)
        {
            SilentFrames += _left.Count > 0 ? 1 : 0;
            return;
        }

        _depthSamples += buffer.QueuedSamples;
        _depthReadings++;
        for (var i = 0; i < interleavedStereo.Length; i += 2)
        {
            _left.Add(interleavedStereo[i]);
        }
    }

    /// <summary>
    /// Samples that break the sine's recurrence x[n] = 2 cos(w) x[n-1] - x[n-2] by more than the resampler's own
    /// error could: each is a click, a gap or a repeated stretch.
    /// </summary>
    public int Discontinuities(double frequency)
    {
        var k = 2 * Math.Cos(2 * Math.PI * frequency / 48_000);
        var count = 0;
        for (var i = 2; i < _left.Count; i++)
        {
            if (Math.Abs(_left[i] - ((k * _left[i - 1]) - _left[i - 2])) > 1e-3)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The frequency from the count of rising zero crossings over the whole capture, past the first.</summary>
    public double MeasuredFrequency()
    {
        int first = -1, last = -1, crossings = 0;
        for (var i = 1; i < _left.Count; i++)
        {
            if (_left[i - 1] < 0 && _left[i] >= 0)
            {
                first = first < 0 ? i : first;
                last = i;
                crossings++;
            }
        }

        return crossings < 2 ? 0 : (crossings - 1) * 48_000.0 / (last - first);
    }
}
