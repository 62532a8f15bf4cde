using Orchestron.Streaming.Audio;

namespace SandboxedToWav;

/// <summary>
/// Keeps the paced 48 kHz stereo frames in memory, allocated once up front (the pacer's thread must not wait on a
/// disk), and writes them as a 32-bit float WAV file afterwards.
/// </summary>
internal sealed class StereoRecorder(TimeSpan length) : IAudioFrameConsumer
{
    private const int SampleRate = 48_000;
    private readonly float[] _samples = new float[(int)(length.TotalSeconds * SampleRate) * 2];
    private readonly TaskCompletionSource _full = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;

    /// <summary>Completes when the requested length has been recorded.</summary>
    public Task Full => _full.Task;

    /// <summary>The seconds recorded so far.</summary>
    public double Seconds => Volatile.Read(ref _count) / 2.0 / SampleRate;

    public void OnFrame(ReadOnlySpan<float> interleavedStereo, long timestamp, bool isSilence)
    {
        var count = _count;
        var take = Math.Min(interleavedStereo.Length, _samples.Length - count);
        interleavedStereo[..take].CopyTo(_samples.AsSpan(count));
        Volatile.Write(ref _count, count + take);
        if (count + take == _samples.Length)
        {
            _full.TrySetResult();
        }
    }

    /// <summary>Writes what was recorded as WAVE_FORMAT_IEEE_FLOAT, 2 channels, 48 kHz.</summary>
    public void WriteWav(string path)
    {
        var samples = _samples.AsSpan(0, Volatile.Read(ref _count));
        using var writer = new BinaryWriter(File.Create(path));
        var dataBytes = samples.Length * sizeof(float);
        writer.Write("RIFF"u8);
        writer.Write(36 + dataBytes);
        writer.Write("WAVEfmt "u8);
        writer.Write(16);
        writer.Write((short)3);
        writer.Write((short)2);
        writer.Write(SampleRate);
        writer.Write(SampleRate * 2 * sizeof(float));
        writer.Write((short)(2 * sizeof(float)));
        writer.Write((short)32);
        writer.Write("data"u8);
        writer.Write(dataBytes);
        foreach (var sample in samples)
        {
            writer.Write(sample);
        }
    }
}
