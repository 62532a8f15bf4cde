using Orchestron.WebRtc.Opus;

namespace Orchestron.WebRtc.LowLatency;

/// <summary>
/// Settings of a session's low-latency audio path: Opus in <see cref="OpusApplication.RestrictedLowDelay"/> with
/// 2.5 or 5 ms frames, sent on an unreliable, unordered data channel that the listener's own peer opens.
/// </summary>
/// <remarks>
/// The path runs beside the RTP track and is encoded once per session, not per listener. Its frame must divide the
/// session's frame (the pacer's period): a 10 ms pacer frame goes out as four 2.5 ms packets at once, so the lowest
/// latency needs the session itself at 2.5 or 5 ms frames.
/// </remarks>
public sealed class LowLatencyAudioOptions
{
    /// <summary>The label a listener's data channel carries to be fed by this path: "orchestron-audio".</summary>
    public const string DefaultLabel = "orchestron-audio";

    /// <summary>The data channel label the path listens for. Default <see cref="DefaultLabel"/>.</summary>
    public string Label { get; set; } = DefaultLabel;

    /// <summary>The Opus frame: <see cref="OpusFrameDuration.TwoAndAHalfMilliseconds"/> or <see cref="OpusFrameDuration.FiveMilliseconds"/> (the default).</summary>
    public OpusFrameDuration FrameDuration { get; set; } = OpusFrameDuration.FiveMilliseconds;

    /// <summary>Target bitrate in bits per second, 6 000 to 510 000. Default 128 000, as the RTP track.</summary>
    public int Bitrate { get; set; } = 128_000;

    /// <summary>Encoder effort 0 (fastest) to 10 (best). Default 9, as the RTP track.</summary>
    public int Complexity { get; set; } = 9;

    /// <summary>Whether each packet carries the previous frame too, so that one lost packet is rebuilt from the next. Default true.</summary>
    public bool Redundancy { get; set; } = true;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that is out of range.</summary>
    public void Validate()
    {
        if (string.IsNullOrEmpty(Label))
        {
            throw new ArgumentException("The low-latency audio path needs a data channel label.", nameof(Label));
        }

        if (FrameDuration is not (OpusFrameDuration.TwoAndAHalfMilliseconds or OpusFrameDuration.FiveMilliseconds))
        {
            throw new ArgumentOutOfRangeException(nameof(FrameDuration), FrameDuration, "The low-latency audio frame must be 2.5 or 5 milliseconds.");
        }

        EncoderOptions().Validate();
    }

    /// <summary>The encoder this path runs: CELT-only low delay, no in-band FEC (CELT has none), no DTX (a steady stream keeps the page's reserve steady).</summary>
    internal OpusEncoderOptions EncoderOptions() => new()
    {
        Application = OpusApplication.RestrictedLowDelay,
        FrameDuration = FrameDuration,
        Bitrate = Bitrate,
        Complexity = Complexity,
        InbandFec = false,
        ExpectedPacketLossPercent = 0,
        Dtx = false,
    };

    /// <summary>A copy that later changes to this instance do not affect.</summary>
    /// <returns>A new instance with the same values.</returns>
    public LowLatencyAudioOptions Clone() => (LowLatencyAudioOptions)MemberwiseClone();
}
