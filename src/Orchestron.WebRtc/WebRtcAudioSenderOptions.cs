using Orchestron.WebRtc.LowLatency;
using Orchestron.WebRtc.Opus;
using Orchestron.WebRtc.Rtp;

namespace Orchestron.WebRtc;

/// <summary>Settings of one session's <see cref="WebRtcAudioSender"/>.</summary>
public sealed class WebRtcAudioSenderOptions
{
    /// <summary>The Opus encoder's settings; its frame duration must match the pacer's frame size.</summary>
    public OpusEncoderOptions Opus { get; set; } = new();

    /// <summary>The most listeners the session accepts at once (64 by default).</summary>
    public int MaxListeners { get; set; } = 64;

    /// <summary>How often each listener gets an RTCP sender report (RFC 3550 suggests about every 5 s; browsers like 1 s).</summary>
    public TimeSpan SenderReportInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How many earlier Opus packets each RTP packet repeats (RFC 2198 redundancy, "RED") for a listener whose offer
    /// has red/48000/2 over Opus, as Chromium's offers do: 0 sends plain Opus to everyone, 1 (the default) lets a
    /// listener rebuild any single lost packet from the next, 2 any two in a row. Listeners whose offer lacks RED,
    /// and RTP forwards, get plain Opus either way. The repeated blocks are the packets already encoded, so the cost
    /// is bandwidth (about one more Opus payload per step), not CPU.
    /// </summary>
    public int RedundancyDistance { get; set; } = 1;

    /// <summary>
    /// Whether a listener's offer with a data channel section gets data channels: the answer accepts the section,
    /// an SCTP association runs over the listener's DTLS, and <see cref="WebRtcAudioSender.DataChannelOpened"/>
    /// reports the channels its peer opens. True by default; when false the section is rejected with port 0.
    /// </summary>
    public bool AcceptDataChannels { get; set; } = true;

    /// <summary>
    /// The low-latency audio path beside the RTP track, or null (the default) for none: a listener whose peer opens
    /// an unordered, unreliable data channel with <see cref="LowLatencyAudioOptions.Label"/> gets 2.5 or 5 ms Opus
    /// frames on it, encoded once for the session. Its frame must divide <see cref="Opus"/>'s frame duration.
    /// </summary>
    public LowLatencyAudioOptions? LowLatency { get; set; }

    /// <summary>Checks every setting and throws <see cref="ArgumentException"/> naming the first invalid one.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Opus, nameof(Opus));
        Opus.Validate();
        if (MaxListeners < 1)
        {
            throw new ArgumentException($"MaxListeners is {MaxListeners}; it must be at least 1.", nameof(MaxListeners));
        }

        if (RedundancyDistance is < Rtp.RedundancyDistance.Off or > Rtp.RedundancyDistance.Max)
        {
            throw new ArgumentException(
                $"RedundancyDistance is {RedundancyDistance}; it must be {Rtp.RedundancyDistance.Off} (off), 1 or {Rtp.RedundancyDistance.Max}.",
                nameof(RedundancyDistance));
        }

        if (LowLatency is not null)
        {
            LowLatency.Validate();
            if ((int)Opus.FrameDuration % (int)LowLatency.FrameDuration != 0)
            {
                throw new ArgumentException(
                    $"LowLatency.FrameDuration is {LowLatency.FrameDuration.ToMilliseconds()} ms; it must divide the session's {Opus.FrameDuration.ToMilliseconds()} ms frame.",
                    nameof(LowLatency));
            }
        }

        if (SenderReportInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"SenderReportInterval is {SenderReportInterval}; it must be a positive duration.", nameof(SenderReportInterval));
        }
    }
}
