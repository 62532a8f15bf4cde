using System.Runtime.InteropServices;

namespace Orchestron.WebRtc.Opus;

/// <summary>
/// A libopus encoder for 48 kHz stereo float frames of 2.5, 5, 10 or 20 ms. <see cref="Encode"/> allocates nothing.
/// </summary>
/// <remarks>Not thread-safe: one thread encodes (the session's pacer).</remarks>
public sealed class OpusEncoder : IOpusEncoder
{
    /// <summary>The sample rate of every frame, in Hz.</summary>
    public const int SampleRate = 48_000;

    /// <summary>The number of interleaved channels of every frame.</summary>
    public const int Channels = 2;

    /// <summary>A packet buffer this large always suffices for one frame (RFC 6716 limits a frame to 1275 bytes).</summary>
    public const int MaxPacketSize = 1_500;

    /// <summary>Packets this short carry no audio: libopus emits them for silence when DTX is on.</summary>
    private const int DtxPacketMaxLength = 2;

    private readonly SafeOpusEncoderHandle _handle;

    /// <summary>Creates an encoder and applies every option.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    /// <exception cref="OpusException">libopus refused to create or configure the encoder.</exception>
    public unsafe OpusEncoder(OpusEncoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var application = options.Application == OpusApplication.Audio
            ? Interop.Opus.ApplicationAudio
            : Interop.Opus.ApplicationRestrictedLowDelay;
        var error = 0;
        _handle = Interop.Opus.EncoderCreate(SampleRate, Channels, application, &error);
        if (_handle.IsInvalid || error != Interop.Opus.Ok)
        {
            _handle.Dispose();
            throw new OpusException(error, $"opus_encoder_create(48000, 2) failed with libopus error {error}: {OpusException.Describe(error)}.");
        }

        try
        {
            OpusEncoderControl.Set(_handle, OpusControlRequest.SetBitrate, options.Bitrate);
            OpusEncoderControl.Set(_handle, OpusControlRequest.SetComplexity, options.Complexity);
            OpusEncoderControl.Set(_handle, OpusControlRequest.SetInbandFec, options.InbandFec ? 1 : 0);
            OpusEncoderControl.Set(_handle, OpusControlRequest.SetPacketLossPercent, options.ExpectedPacketLossPercent);
            OpusEncoderControl.Set(_handle, OpusControlRequest.SetDtx, options.Dtx ? 1 : 0);
        }
        catch
        {
            _handle.Dispose();
            throw;
        }

        Application = options.Application;
        FrameDuration = options.FrameDuration;
        SamplesPerChannel = options.SamplesPerChannel;
    }

    /// <summary>The version string of the loaded libopus, e.g. "libopus 1.3.1", for logs and diagnostics.</summary>
    public static unsafe string LibraryVersion => Marshal.PtrToStringUTF8((nint)Interop.Opus.GetVersionString()) ?? string.Empty;

    /// <summary>The coding mode the encoder was created with.</summary>
    public OpusApplication Application { get; }

    /// <inheritdoc/>
    public OpusImplementation Implementation => OpusImplementation.Native;

    /// <summary>The frame duration every <see cref="Encode"/> call takes.</summary>
    public OpusFrameDuration FrameDuration { get; }

    /// <summary>Samples per channel in one frame (120, 240, 480 or 960).</summary>
    public int SamplesPerChannel { get; }

    /// <summary>True when the last packet <see cref="Encode"/> produced was a DTX (silence) packet.</summary>
    public bool LastPacketWasDtx { get; private set; }

    /// <summary>The current target bitrate in bits per second, read from and written to libopus.</summary>
    public int Bitrate
    {
        get => OpusEncoderControl.Get(_handle, OpusControlRequest.GetBitrate);
        set
        {
            if (value is < OpusEncoderOptions.MinBitrate or > OpusEncoderOptions.MaxBitrate)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"Opus bitrate must be {OpusEncoderOptions.MinBitrate} to {OpusEncoderOptions.MaxBitrate} bits per second.");
            }

            OpusEncoderControl.Set(_handle, OpusControlRequest.SetBitrate, value);
        }
    }

    /// <summary>The packet loss percentage the encoder plans its FEC for, read from and written to libopus.</summary>
    public int ExpectedPacketLossPercent
    {
        get => OpusEncoderControl.Get(_handle, OpusControlRequest.GetPacketLossPercent);
        set
        {
            if (value is < 0 or > 100)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Opus expected packet loss must be 0 to 100 percent.");
            }

            OpusEncoderControl.Set(_handle, OpusControlRequest.SetPacketLossPercent, value);
        }
    }

    /// <summary>The encoder's algorithmic delay in samples per channel at 48 kHz.</summary>
    public int Lookahead => OpusEncoderControl.Get(_handle, OpusControlRequest.GetLookahead);

    /// <summary>Encodes one frame.</summary>
    /// <param name="interleaved">Exactly <c>2 * SamplesPerChannel</c> interleaved stereo samples, nominally in [-1, 1].</param>
    /// <param name="packet">Receives the Opus packet; <see cref="MaxPacketSize"/> bytes always suffice.</param>
    /// <returns>The packet's length in bytes.</returns>
    /// <exception cref="ArgumentException">The frame has the wrong number of samples.</exception>
    /// <exception cref="OpusException">libopus failed, e.g. because <paramref name="packet"/> is too small.</exception>
    public unsafe int Encode(ReadOnlySpan<float> interleaved, Span<byte> packet)
    {
        OpusFrameArguments.ThrowIfInvalid(interleaved, packet, SamplesPerChannel, FrameDuration);

        int length;
        fixed (float* pcm = interleaved)
        fixed (byte* data = packet)
        {
            length = Interop.Opus.EncodeFloat(_handle, pcm, SamplesPerChannel, data, packet.Length);
        }

        OpusException.ThrowIfError(length, "opus_encode_float");
        LastPacketWasDtx = length <= DtxPacketMaxLength;
        return length;
    }

    /// <summary>Resets the encoder's state, as after creation, keeping its settings.</summary>
    public void Reset()
    {
        OpusEncoderControl.Reset(_handle);
        LastPacketWasDtx = false;
    }

    /// <summary>Reads an encoder setting back from libopus.</summary>
    internal int GetControl(OpusControlRequest request) => OpusEncoderControl.Get(_handle, request);

    /// <summary>Writes an encoder setting to libopus.</summary>
    internal void SetControl(OpusControlRequest request, int value) => OpusEncoderControl.Set(_handle, request, value);

    /// <summary>Destroys the native encoder.</summary>
    public void Dispose() => _handle.Dispose();
}
