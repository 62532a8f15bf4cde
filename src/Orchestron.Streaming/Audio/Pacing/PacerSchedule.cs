namespace Orchestron.Streaming.Audio;

/// <summary>The pacer's absolute schedule: frame n is due at start + n x period, computed without rounding drift.</summary>
internal readonly struct PacerSchedule
{
    private readonly long _frequency;
    private readonly int _frameMs;
    private readonly int _framesPerSecond;

    internal PacerSchedule(long frequency, int frameMs)
    {
        _frequency = frequency;
        _frameMs = frameMs;
        _framesPerSecond = 1000 / frameMs;
    }

    /// <summary>Ticks from the start to frame <paramref name="frameIndex"/>'s deadline.</summary>
    internal long Offset(long frameIndex)
    {
        // Whole seconds are exact; only the remainder (under one second) is divided, and it is rounded from
        // the start each time, so a frequency not divisible by the frame rate cannot accumulate error.
        var seconds = Math.DivRem(frameIndex, _framesPerSecond, out var framesIntoSecond);
        return (seconds * _frequency) + (framesIntoSecond * _frameMs * _frequency / 1000);
    }
}
