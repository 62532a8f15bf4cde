using Orchestron.Streaming.Audio;

namespace Orchestron.Streaming.Tests.Audio;

/// <summary>Keeps what the pacer delivers, in buffers allocated up front so that recording allocates nothing.</summary>
internal sealed class RecordingConsumer(int frameLength, int capacityFrames) : IAudioFrameConsumer
{
    private readonly float[] _samples = new float[frameLength * capacityFrames];
    private readonly long[] _timestamps = new long[capacityFrames];
    private readonly bool[] _silent = new bool[capacityFrames];
    private int _count;

    public ManualResetEventSlim Full { get; } = new();

    /// <summary>Called on the pacer thread after a frame is stored, with the number stored so far.</summary>
    public Action<int>? AfterFrame { get; init; }

    public int Count => Volatile.Read(ref _count);

    public long Timestamp(int frame) => _timestamps[frame];

    public bool IsSilent(int frame) => _silent[frame];

    public ReadOnlySpan<float> Frame(int frame) => _samples.AsSpan(frame * frameLength, frameLength);

    public void OnFrame(ReadOnlySpan<float> interleavedStereo, long timestamp, bool isSilence)
    {
        var index = _count;
        if (index >= capacityFrames)
        {
            return;
        }

        Assert.Equal(frameLength, interleavedStereo.Length);
        interleavedStereo.CopyTo(_samples.AsSpan(index * frameLength));
        _timestamps[index] = timestamp;
        _silent[index] = isSilence;
        Volatile.Write(ref _count, index + 1);
        AfterFrame?.Invoke(index + 1);
        if (index + 1 == capacityFrames)
        {
            Full.Set();
        }
    }
}
