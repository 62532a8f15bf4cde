namespace Orchestron.WebRtc.Opus;

/// <summary>How an Opus encoder (<see cref="OpusEncoder"/>, <see cref="ConcentusOpusEncoder"/>) encodes 48 kHz stereo audio.</summary>
public sealed class OpusEncoderOptions
{
    /// <summary>The lowest bitrate libopus accepts, in bits per second.</summary>
    public const int MinBitrate = 6_000;

    /// <summary>The highest bitrate libopus accepts, in bits per second.</summary>
    public const int MaxBitrate = 510_000;

    /// <summary>Target bitrate in bits per second, 6 000 to 510 000. Default 128 000 (transparent stereo music).</summary>
    public int Bitrate { get; set; } = 128_000;

    /// <summary>Encoder effort 0 (fastest) to 10 (best). Default 9.</summary>
    public int Complexity { get; set; } = 9;

    /// <summary>Whether packets carry in-band forward error correction for the previous frame. Default true.</summary>
    public bool InbandFec { get; set; } = true;

    /// <summary>The packet loss, 0 to 100 percent, the encoder should expect (sizes the in-band FEC). Default 5.</summary>
    public int ExpectedPacketLossPercent { get; set; } = 5;

    /// <summary>Whether to send discontinuous transmission (1-2 byte packets) during silence. Default false.</summary>
    public bool Dtx { get; set; }

    /// <summary>The coding mode. Default <see cref="OpusApplication.Audio"/>.</summary>
    public OpusApplication Application { get; set; } = OpusApplication.Audio;

    /// <summary>The frame duration. Default <see cref="OpusFrameDuration.TwentyMilliseconds"/>.</summary>
    public OpusFrameDuration FrameDuration { get; set; } = OpusFrameDuration.TwentyMilliseconds;

    /// <summary>
    /// Which library <see cref="OpusEncoderFactory"/> encodes with. Default <see cref="OpusImplementation.Auto"/>: libopus when
    /// it loads, the managed Concentus port otherwise. Constructing an encoder class directly ignores this setting.
    /// </summary>
    public OpusImplementation Implementation { get; set; } = OpusImplementation.Auto;

    /// <summary>Samples per channel in one frame at 48 kHz.</summary>
    public int SamplesPerChannel => FrameDuration.ToSamplesPerChannel();

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that is out of range.</summary>
    public void Validate()
    {
        if (Bitrate is < MinBitrate or > MaxBitrate)
        {
            throw new ArgumentOutOfRangeException(nameof(Bitrate), Bitrate, $"Opus {nameof(Bitrate)} must be {MinBitrate} to {MaxBitrate} bits per second.");
        }

        if (Complexity is < 0 or > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(Complexity), Complexity, $"Opus {nameof(Complexity)} must be 0 to 10.");
        }

        if (ExpectedPacketLossPercent is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(ExpectedPacketLossPercent), ExpectedPacketLossPercent, $"Opus {nameof(ExpectedPacketLossPercent)} must be 0 to 100.");
        }

        if (!Enum.IsDefined(Application))
        {
            throw new ArgumentOutOfRangeException(nameof(Application), Application, $"Opus {nameof(Application)} must be Audio or RestrictedLowDelay.");
        }

        if (!Enum.IsDefined(Implementation))
        {
            throw new ArgumentOutOfRangeException(nameof(Implementation), Implementation, $"Opus {nameof(Implementation)} must be Auto, Native or Managed.");
        }

        if (!Enum.IsDefined(FrameDuration))
        {
            throw new ArgumentOutOfRangeException(nameof(FrameDuration), FrameDuration, $"Opus {nameof(FrameDuration)} must be 2.5, 5, 10 or 20 milliseconds.");
        }
    }
}
