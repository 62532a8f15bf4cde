using Orchestron.WebRtc.LowLatency;
using Orchestron.WebRtc.Opus;

namespace Orchestron.Host.Api;

/// <summary>What the page needs to take the low-latency audio path: the data channel to open and its frame.</summary>
/// <param name="Label">The label of the unordered, unreliable data channel the page opens before its offer.</param>
/// <param name="FrameMs">The Opus frame in milliseconds (2.5 or 5).</param>
public sealed record LowLatencyAudioConfig(string Label, double FrameMs)
{
    /// <summary>The page's view of the sender's low-latency options; null when the path is off.</summary>
    internal static LowLatencyAudioConfig? From(LowLatencyAudioOptions? options) =>
        options is null ? null : new(options.Label, options.FrameDuration.ToMilliseconds());
}
