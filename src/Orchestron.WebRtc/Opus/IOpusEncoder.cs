namespace Orchestron.WebRtc.Opus;

/// <summary>
/// An Opus encoder for 48 kHz interleaved stereo float frames of one fixed duration, whichever library implements it.
/// </summary>
/// <remarks>
/// Create one with <see cref="OpusEncoderFactory"/>. Not thread-safe: one thread encodes (the session's pacer).
/// Every implementation writes standard Opus packets, so any Opus decoder reads them.
/// </remarks>
public interface IOpusEncoder : IDisposable
{
    /// <summary>The library behind this encoder: <see cref="OpusImplementation.Native"/> or <see cref="OpusImplementation.Managed"/>.</summary>
    OpusImplementation Implementation { get; }

    /// <summary>The frame duration every <see cref="Encode"/> call takes.</summary>
    OpusFrameDuration FrameDuration { get; }

    /// <summary>Samples per channel in one frame (120, 240, 480 or 960 for 2.5, 5, 10 or 20 ms).</summary>
    int SamplesPerChannel { get; }

    /// <summary>True when the last packet <see cref="Encode"/> produced was a DTX (silence) packet, which carries no audio.</summary>
    bool LastPacketWasDtx { get; }

    /// <summary>Encodes one frame.</summary>
    /// <param name="interleaved">Exactly <c>2 * SamplesPerChannel</c> interleaved stereo samples, nominally in [-1, 1].</param>
    /// <param name="packet">Receives the Opus packet; <see cref="OpusEncoder.MaxPacketSize"/> bytes always suffice.</param>
    /// <returns>The packet's length in bytes.</returns>
    /// <exception cref="ArgumentException">The frame has the wrong number of samples or the packet buffer is empty.</exception>
    /// <exception cref="OpusException">The codec failed, e.g. because <paramref name="packet"/> is too small.</exception>
    int Encode(ReadOnlySpan<float> interleaved, Span<byte> packet);

    /// <summary>Resets the encoder's state, as after creation, keeping its settings.</summary>
    void Reset();
}
