namespace Orchestron.WebRtc.Opus;

/// <summary>The duration of one Opus frame, matching the pacer's frame period.</summary>
public enum OpusFrameDuration
{
    /// <summary>10 ms: 480 samples per channel at 48 kHz.</summary>
    TenMilliseconds = 10,

    /// <summary>20 ms: 960 samples per channel at 48 kHz.</summary>
    TwentyMilliseconds = 20,
}
