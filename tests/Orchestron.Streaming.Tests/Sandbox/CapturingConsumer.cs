using Orchestron.Streaming.Audio;

namespace Orchestron.Streaming.Tests.Sandbox;

/// <summary>Keeps the left channel of every paced frame, and counts silent frames and timestamp gaps.</summary>
internal sealed class CapturingConsumer : IAudioFrameConsumer
{
    private readonly Lock _gate = new();
    private readonly List<float> _left = [];
    private long _nextTimestamp = -1;

    /// <summary>Silent frames after the first rendered one: underruns a listener would hear.</summary>
    public int SilentFrames { get; private set; }

    public int TimestampGaps { get; private set; }

    public float[] Left
    {
        get
        {
            lock (_gate)
            {
                return [.. _left];
            }
        }
    }

    public void OnFrame(ReadOnlySpan<float> interleavedStereo, long timestamp, bool isSilence)
    {
        lock (_gate)
        {
            if (_nextTimestamp >= 0 && timestamp != _nextTimestamp)
            {
                TimestampGaps++;
            }

            _nextTimestamp = timestamp + (interleavedStereo.Length / 2);
            if (isSilence)
            {
                // Silence before the first rendered frame is the start-up, not a glitch.
                SilentFrames += _left.Count > 0 ? 1 : 0;
                return;
            }

            for (var i = 0; i < interleavedStereo.Length; i += 2)
            {
                _left.Add(interleavedStereo[i]);
            }
        }
    }
}
