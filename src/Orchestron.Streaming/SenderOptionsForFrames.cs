using Orchestron.WebRtc;
using Orchestron.WebRtc.Opus;

namespace Orchestron.Streaming;

/// <summary>
/// The sender options a stream runs with: the caller's settings with the Opus frame duration of the pacer's
/// frames. A copy, so that the caller's object (which it may share between streams of different frame
/// sizes) is never changed behind its back.
/// </summary>
internal static class SenderOptionsForFrames
{
    public static WebRtcAudioSenderOptions Create(WebRtcAudioSenderOptions? callers, double frameMs)
    {
        callers ??= new WebRtcAudioSenderOptions();
        ArgumentNullException.ThrowIfNull(callers.Opus, nameof(WebRtcAudioSenderOptions.Opus));
        var opus = callers.Opus;
        return new WebRtcAudioSenderOptions
        {
            MaxListeners = callers.MaxListeners,
            SenderReportInterval = callers.SenderReportInterval,
            RedundancyDistance = callers.RedundancyDistance,
            AcceptDataChannels = callers.AcceptDataChannels,
            LowLatency = callers.LowLatency?.Clone(),
            Opus = new OpusEncoderOptions
            {
                Bitrate = opus.Bitrate,
                Complexity = opus.Complexity,
                InbandFec = opus.InbandFec,
                ExpectedPacketLossPercent = opus.ExpectedPacketLossPercent,
                Dtx = opus.Dtx,
                Application = opus.Application,
                // The pacer's frame is the encoder's frame: one Opus packet per paced frame.
                FrameDuration = OpusFrameDurations.FromMilliseconds(frameMs),
            },
        };
    }
}
