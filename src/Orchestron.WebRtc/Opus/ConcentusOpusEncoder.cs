using Concentus.Enums;
using CodecException = Concentus.OpusException;
using ManagedEncoder = Concentus.Structs.OpusEncoder;

namespace Orchestron.WebRtc.Opus;

/// <summary>
/// A managed Opus encoder (the Concentus port of libopus) for 48 kHz stereo float frames of 2.5, 5, 10 or 20 ms, for machines
/// without libopus.
/// </summary>
/// <remarks>
/// <para>
/// It takes the same <see cref="OpusEncoderOptions"/> as <see cref="OpusEncoder"/> and writes standard Opus packets that
/// any decoder reads, but it costs more CPU than libopus and it allocates on every <see cref="Encode"/>: Concentus news
/// its scratch arrays per call, about 85 KB for a 10 ms and 140 KB for a 20 ms stereo frame at 128 kbit/s, which the
/// garbage collector must reclaim (gen 0) several times a second.
/// </para>
/// <para>
/// Concentus follows libopus 1.1, whose DTX works only in the SILK (speech) modes, i.e. at low bitrates; at music bitrates
/// silence still goes out every frame, as 3-byte CELT packets, where libopus 1.3 and later send DTX packets.
/// </para>
/// <para>Not thread-safe: one thread encodes.</para>
/// </remarks>
public sealed class ConcentusOpusEncoder : IOpusEncoder
{
    /// <summary>Packets this short carry no audio: the encoder emits them for silence when DTX is on.</summary>
    private const int DtxPacketMaxLength = 2;

    private readonly ManagedEncoder _codec;
    private bool _disposed;

    /// <summary>Creates an encoder and applies every option.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    /// <exception cref="OpusException">Concentus refused to create or configure the encoder.</exception>
    public ConcentusOpusEncoder(OpusEncoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var application = options.Application == OpusApplication.Audio
            ? Concentus.Enums.OpusApplication.OPUS_APPLICATION_AUDIO
            : Concentus.Enums.OpusApplication.OPUS_APPLICATION_RESTRICTED_LOWDELAY;
        try
        {
            // OpusCodecFactory would hand back Concentus's own binding to a native libopus whenever one loads, which
            // defeats the point of asking for the managed encoder; so the managed type is built directly, although
            // Concentus marks its constructor obsolete to steer callers to that factory.
#pragma warning disable CS0618
            _codec = new ManagedEncoder(OpusEncoder.SampleRate, OpusEncoder.Channels, application);
#pragma warning restore CS0618
            _codec.Bitrate = options.Bitrate;
            _codec.Complexity = options.Complexity;
            _codec.UseInbandFEC = options.InbandFec;
            _codec.PacketLossPercent = options.ExpectedPacketLossPercent;
            _codec.UseDTX = options.Dtx;

            // libopus takes the duration from each call's frame size; Concentus can also pin it, so a frame of another
            // size is refused rather than encoded into a packet the pacer's timestamps would not match.
            _codec.ExpertFrameDuration = options.FrameDuration switch
            {
                OpusFrameDuration.TwoAndAHalfMilliseconds => OpusFramesize.OPUS_FRAMESIZE_2_5_MS,
                OpusFrameDuration.FiveMilliseconds => OpusFramesize.OPUS_FRAMESIZE_5_MS,
                OpusFrameDuration.TenMilliseconds => OpusFramesize.OPUS_FRAMESIZE_10_MS,
                _ => OpusFramesize.OPUS_FRAMESIZE_20_MS,
            };
        }
        catch (CodecException error)
        {
            throw Translate(error, "creating the Concentus encoder");
        }

        Application = options.Application;
        FrameDuration = options.FrameDuration;
        SamplesPerChannel = options.SamplesPerChannel;
    }

    /// <summary>The Concentus version string, e.g. "Concentus 2.1.2" (the 2.2.2 package still reports 2.1.2), for logs and diagnostics.</summary>
    public string LibraryVersion => _codec.GetVersionString();

    /// <inheritdoc/>
    public OpusImplementation Implementation => OpusImplementation.Managed;

    /// <summary>The coding mode the encoder was created with.</summary>
    public OpusApplication Application { get; }

    /// <inheritdoc/>
    public OpusFrameDuration FrameDuration { get; }

    /// <inheritdoc/>
    public int SamplesPerChannel { get; }

    /// <inheritdoc/>
    public bool LastPacketWasDtx { get; private set; }

    /// <summary>The current target bitrate in bits per second, read from and written to the encoder.</summary>
    public int Bitrate
    {
        get => Codec.Bitrate;
        set
        {
            if (value is < OpusEncoderOptions.MinBitrate or > OpusEncoderOptions.MaxBitrate)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"Opus bitrate must be {OpusEncoderOptions.MinBitrate} to {OpusEncoderOptions.MaxBitrate} bits per second.");
            }

            Codec.Bitrate = value;
        }
    }

    /// <summary>The packet loss percentage the encoder plans its FEC for, read from and written to the encoder.</summary>
    public int ExpectedPacketLossPercent
    {
        get => Codec.PacketLossPercent;
        set
        {
            if (value is < 0 or > 100)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Opus expected packet loss must be 0 to 100 percent.");
            }

            Codec.PacketLossPercent = value;
        }
    }

    /// <summary>The encoder's algorithmic delay in samples per channel at 48 kHz.</summary>
    public int Lookahead => Codec.Lookahead;

    /// <summary>The Concentus encoder, for reading back settings that have no property here.</summary>
    internal ManagedEncoder Codec
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _codec;
        }
    }

    /// <inheritdoc/>
    public int Encode(ReadOnlySpan<float> interleaved, Span<byte> packet)
    {
        var codec = Codec;
        OpusFrameArguments.ThrowIfInvalid(interleaved, packet, SamplesPerChannel, FrameDuration);

        int length;
        try
        {
            length = codec.Encode(interleaved, SamplesPerChannel, packet, packet.Length);
        }
        catch (CodecException error)
        {
            throw Translate(error, "Concentus encode");
        }

        LastPacketWasDtx = length <= DtxPacketMaxLength;
        return length;
    }

    /// <inheritdoc/>
    public void Reset()
    {
        Codec.ResetState();
        LastPacketWasDtx = false;
    }

    /// <summary>Marks the encoder disposed; it holds only managed memory.</summary>
    public void Dispose() => _disposed = true;

    // Concentus reports libopus's own error codes, so callers can handle one exception type whichever encoder runs.
    private static OpusException Translate(CodecException error, string operation) =>
        new(error.OpusErrorCode, $"{operation} failed with Opus error {error.OpusErrorCode}: {error.Message}.");
}
