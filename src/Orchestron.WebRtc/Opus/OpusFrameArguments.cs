namespace Orchestron.WebRtc.Opus;

/// <summary>The argument checks every <see cref="IOpusEncoder.Encode"/> makes, so that each implementation fails the same way.</summary>
internal static class OpusFrameArguments
{
    public static void ThrowIfInvalid(ReadOnlySpan<float> interleaved, Span<byte> packet, int samplesPerChannel, OpusFrameDuration duration)
    {
        if (interleaved.Length != samplesPerChannel * OpusEncoder.Channels)
        {
            throw new ArgumentException(
                $"An Opus frame of {duration.ToMilliseconds()} ms needs {samplesPerChannel * OpusEncoder.Channels} interleaved stereo samples, not {interleaved.Length}.",
                nameof(interleaved));
        }

        if (packet.IsEmpty)
        {
            throw new ArgumentException("The packet buffer is empty.", nameof(packet));
        }
    }
}
