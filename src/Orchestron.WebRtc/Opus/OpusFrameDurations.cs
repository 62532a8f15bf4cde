namespace Orchestron.WebRtc.Opus;

/// <summary>Conversions between an <see cref="OpusFrameDuration"/> and the milliseconds or samples it stands for.</summary>
public static class OpusFrameDurations
{
    /// <summary>The duration in milliseconds (2.5, 5, 10 or 20).</summary>
    /// <param name="duration">The frame duration.</param>
    /// <returns>Its length in milliseconds.</returns>
    public static double ToMilliseconds(this OpusFrameDuration duration) => (int)duration / 1000.0;

    /// <summary>Samples per channel in one frame at 48 kHz (120, 240, 480 or 960).</summary>
    /// <param name="duration">The frame duration.</param>
    /// <returns>Its length in samples per channel.</returns>
    public static int ToSamplesPerChannel(this OpusFrameDuration duration) => (int)((long)(int)duration * OpusEncoder.SampleRate / 1_000_000);

    /// <summary>The frame duration of a frame this many milliseconds long.</summary>
    /// <param name="milliseconds">2.5, 5, 10 or 20.</param>
    /// <returns>The matching duration.</returns>
    /// <exception cref="ArgumentOutOfRangeException">No Opus frame has that length.</exception>
    public static OpusFrameDuration FromMilliseconds(double milliseconds)
    {
        var duration = (OpusFrameDuration)(int)Math.Round(milliseconds * 1000);
        if (!Enum.IsDefined(duration) || Math.Abs(duration.ToMilliseconds() - milliseconds) > 1e-9)
        {
            throw new ArgumentOutOfRangeException(nameof(milliseconds), milliseconds, "An Opus frame is 2.5, 5, 10 or 20 milliseconds long.");
        }

        return duration;
    }
}
