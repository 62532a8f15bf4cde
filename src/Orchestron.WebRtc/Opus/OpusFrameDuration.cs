namespace Orchestron.WebRtc.Opus;

/// <summary>The duration of one Opus frame, matching the pacer's frame period; each value is the duration in microseconds.</summary>
/// <remarks>
/// Every duration Opus's CELT layer codes is here. The 2.5 and 5 ms frames are what a low-latency path wants (with
/// <see cref="OpusApplication.RestrictedLowDelay"/>, which codes them without the SILK layer's extra look-ahead);
/// 10 and 20 ms frames cost less per second of audio.
/// </remarks>
public enum OpusFrameDuration
{
    /// <summary>2.5 ms: 120 samples per channel at 48 kHz.</summary>
    TwoAndAHalfMilliseconds = 2_500,

    /// <summary>5 ms: 240 samples per channel at 48 kHz.</summary>
    FiveMilliseconds = 5_000,

    /// <summary>10 ms: 480 samples per channel at 48 kHz.</summary>
    TenMilliseconds = 10_000,

    /// <summary>20 ms: 960 samples per channel at 48 kHz.</summary>
    TwentyMilliseconds = 20_000,
}
