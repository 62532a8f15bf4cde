namespace Orchestron.Streaming.Audio;

/// <summary>The pacer's absolute schedule: frame n is due at start + n x period, computed without rounding drift.</summary>
internal readonly struct PacerSchedule
{
    private readonly long _frequency;
    private readonly int _frameSamples;
    private readonly int _framesPerSecond;

    /// <param name="frequency">Clock ticks per second.</param>
    /// <param name="frameSamplesPerChannel">The period in 48 kHz samples (120, 240, 480 or 960): each divides a second.</param>
    internal PacerSchedule(long frequency, int frameSamplesPerChannel)
    {
        _frequency = frequency;
        _frameSamples = frameSamplesPerChannel;
        _framesPerSecond = StreamingAudioOptions.OutputSampleRate / frameSamplesPerChannel;
    }

    /// <summary>Ticks from the start to frame <paramref name="frameIndex"/>'s deadline.</summary>
    internal long Offset(long frameIndex)
    {
        // Whole seconds are exact; only the remainder (under one second) is divided, and it is rounded from
        // the start each time, so a frequency not divisible by the frame rate cannot accumulate error.
        var seconds = Math.DivRem(frameIndex, _framesPerSecond, out var framesIntoSecond);
        return (seconds * _frequency) + (framesIntoSecond * _frameSamples * _frequency / StreamingAudioOptions.OutputSampleRate);
    }
}
