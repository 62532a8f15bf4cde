namespace Orchestron.Benchmarks.Media;

/// <summary>The signal every Opus benchmark encodes: one second of 48 kHz stereo, 440 Hz left and 660 Hz right.</summary>
internal static class TwoToneFrames
{
    /// <summary>Cuts the second into frames, so that an encoder cycling through them sees changing audio, not one frame.</summary>
    /// <param name="samplesPerChannel">The frame length per channel (480 for 10 ms, 960 for 20 ms).</param>
    internal static float[][] Create(int samplesPerChannel)
    {
        var frames = new float[48_000 / samplesPerChannel][];
        for (var f = 0; f < frames.Length; f++)
        {
            frames[f] = new float[samplesPerChannel * 2];
            for (var i = 0; i < samplesPerChannel; i++)
            {
                var t = ((f * samplesPerChannel) + i) / 48_000f;
                frames[f][2 * i] = 0.4f * MathF.Sin(2 * MathF.PI * 440 * t);
                frames[f][(2 * i) + 1] = 0.4f * MathF.Sin(2 * MathF.PI * 660 * t);
            }
        }

        return frames;
    }
}
