
namespace Orchestron.WebRtc.Opus;

/// <summary>A libopus decoder to 48 kHz interleaved float, for checking what is sent or for receiving Opus.</summary>
/// <remarks>Not thread-safe: one thread decodes.</remarks>
public sealed class OpusDecoder : IDisposable
{
    /// <summary>The longest Opus packet duration (120 ms) in samples per channel at 48 kHz.</summary>
    public const int MaxSamplesPerChannel = 5_760;

    private readonly SafeOpusDecoderHandle _handle;

    /// <summary>Creates a 48 kHz decoder.</summary>
    /// <param name="channels">1 or 2 output channels.</param>
    public unsafe OpusDecoder(int channels = OpusEncoder.Channels)
    {
        if (channels is not (1 or 2))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "An Opus decoder outputs 1 or 2 channels.");
        }

        var error = 0;
        _handle = Interop.Opus.DecoderCreate(OpusEncoder.SampleRate, channels, &error);
        if (_handle.IsInvalid || error != Interop.Opus.Ok)
        {
            _handle.Dispose();
            throw new OpusException(error, $"opus_decoder_create(48000, {channels}) failed with libopus error {error}: {OpusException.Describe(error)}.");
        }

        Channels = channels;
    }

    /// <summary>The number of interleaved output channels.</summary>
    public int Channels { get; }

    /// <summary>Decodes one packet.</summary>
    /// <param name="packet">The Opus packet.</param>
    /// <param name="interleaved">Receives the samples; must hold the packet's duration (up to <see cref="MaxSamplesPerChannel"/> per channel).</param>
    /// <param name="decodeFec">True to decode the in-band FEC copy of the previous (lost) frame instead.</param>
    /// <returns>Samples per channel written.</returns>
    /// <exception cref="OpusException">The packet is corrupt or the output buffer is too small.</exception>
    public unsafe int Decode(ReadOnlySpan<byte> packet, Span<float> interleaved, bool decodeFec = false)
    {
        if (packet.IsEmpty)
        {
            throw new ArgumentException("An Opus packet is at least one byte; use DecodeLoss for a missing packet.", nameof(packet));
        }

        return DecodeCore(packet, interleaved, decodeFec);
    }

    /// <summary>Conceals one lost packet of <c>interleaved.Length / Channels</c> samples per channel.</summary>
    /// <returns>Samples per channel written.</returns>
    public int DecodeLoss(Span<float> interleaved) => DecodeCore([], interleaved, decodeFec: false);

    private unsafe int DecodeCore(ReadOnlySpan<byte> packet, Span<float> interleaved, bool decodeFec)
    {
        var frameSize = interleaved.Length / Channels;
        int samples;
        fixed (byte* data = packet)
        fixed (float* pcm = interleaved)
        {
            samples = Interop.Opus.DecodeFloat(_handle, packet.IsEmpty ? null : data, packet.Length, pcm, frameSize, decodeFec ? 1 : 0);
        }

        OpusException.ThrowIfError(samples, "opus_decode_float");
        return samples;
    }

    /// <summary>Destroys the native decoder.</summary>
    public void Dispose() => _handle.Dispose();
}
