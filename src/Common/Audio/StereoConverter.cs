using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Orchestron.Streaming.Audio;

// No accessibility named: public in Orchestron.Streaming (Audio/SharedSourceTypes.cs), internal in the worker.
/// <summary>
/// Turns an interleaved Csound output block (double, any channel count) into interleaved stereo float,
/// scaled so that Csound's 0 dBFS becomes 1.0.
/// </summary>
/// <remarks>
/// One channel is duplicated to left and right; two channels pass as they are; of more than two, the
/// first two are kept as left and right and the rest are ignored (Csound's channels 1 and 2 are its
/// front pair, and a downmix would need a layout the block does not carry). Values are not clipped.
/// </remarks>
static partial class StereoConverter
{
    /// <summary>Converts one block.</summary>
    /// <param name="interleaved">Frames of <paramref name="channels"/> interleaved samples.</param>
    /// <param name="channels">Channels per frame in <paramref name="interleaved"/> (at least 1).</param>
    /// <param name="zeroDbfs">The value of full scale in <paramref name="interleaved"/> (Csound's <c>0dbfs</c>), positive.</param>
    /// <param name="stereo">Receives 2 floats per frame.</param>
    /// <returns>The number of frames converted.</returns>
    /// <exception cref="ArgumentException">An argument does not describe whole frames or the destination is too short.</exception>
    public static int Convert(ReadOnlySpan<double> interleaved, int channels, double zeroDbfs, Span<float> stereo)
    {
        if (channels < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "The channel count must be at least 1.");
        }

        if (!(zeroDbfs > 0) || double.IsInfinity(zeroDbfs))
        {
            throw new ArgumentOutOfRangeException(nameof(zeroDbfs), zeroDbfs, "0 dBFS must be a positive, finite value.");
        }

        if (interleaved.Length % channels != 0)
        {
            throw new ArgumentException($"The block holds {interleaved.Length} samples, which is not a whole number of {channels}-channel frames.", nameof(interleaved));
        }

        var frames = interleaved.Length / channels;
        if (stereo.Length < frames * 2)
        {
            throw new ArgumentException($"The destination holds {stereo.Length} floats but {frames} stereo frames need {frames * 2}.", nameof(stereo));
        }

        var scale = 1 / zeroDbfs;
        switch (channels)
        {
            case 1:
                for (var i = 0; i < frames; i++)
                {
                    var value = (float)(interleaved[i] * scale);
                    stereo[2 * i] = value;
                    stereo[(2 * i) + 1] = value;
                }

                break;
            case 2:
                ScaleToFloat(interleaved, scale, stereo);
                break;
            default:
                for (var i = 0; i < frames; i++)
                {
                    stereo[2 * i] = (float)(interleaved[i * channels] * scale);
                    stereo[(2 * i) + 1] = (float)(interleaved[(i * channels) + 1] * scale);
                }

                break;
        }

        return frames;
    }

    private static void ScaleToFloat(ReadOnlySpan<double> source, double scale, Span<float> destination)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var from = ref MemoryMarshal.GetReference(source);
            ref var to = ref MemoryMarshal.GetReference(destination);
            var factor = Vector256.Create(scale);
            for (; i <= source.Length - (2 * Vector256<double>.Count); i += 2 * Vector256<double>.Count)
            {
                var low = Vector256.LoadUnsafe(ref from, (nuint)i) * factor;
                var high = Vector256.LoadUnsafe(ref from, (nuint)(i + Vector256<double>.Count)) * factor;
                Vector256.Narrow(low, high).StoreUnsafe(ref to, (nuint)i);
            }
        }

        for (; i < source.Length; i++)
        {
            destination[i] = (float)(source[i] * scale);
        }
    }
}
