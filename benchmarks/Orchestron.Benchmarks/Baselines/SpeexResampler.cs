using System.Runtime.InteropServices;

namespace Orchestron.Benchmarks.Baselines;

/// <summary>libspeexdsp's resampler at quality 10 (its best), float interleaved stereo.</summary>
internal sealed unsafe class SpeexResampler : SafeHandle, IStereoResampler
{
    public SpeexResampler(int inputRate, int outputRate, int quality = 10)
        : base(0, ownsHandle: true)
    {
        int error;
        var handle = Interop.SpeexDsp.ResamplerInit(2, (uint)inputRate, (uint)outputRate, quality, &error);
        if (handle == 0 || error != 0)
        {
            throw new InvalidOperationException($"speex_resampler_init failed with error {error}.");
        }

        SetHandle(handle);
    }

    public override bool IsInvalid => handle == 0;

    public int Process(ReadOnlySpan<float> input, Span<float> output)
    {
        var produced = 0;
        var consumed = 0;
        fixed (float* source = input)
        fixed (float* destination = output)
        {
            while (consumed < input.Length / 2)
            {
                var inputFrames = (uint)((input.Length / 2) - consumed);
                var outputFrames = (uint)((output.Length / 2) - produced);
                var error = Interop.SpeexDsp.ProcessInterleavedFloat(handle, source + (consumed * 2), &inputFrames, destination + (produced * 2), &outputFrames);
                if (error != 0)
                {
                    throw new InvalidOperationException($"speex_resampler_process_interleaved_float failed with error {error}.");
                }

                consumed += (int)inputFrames;
                produced += (int)outputFrames;
                if (inputFrames == 0 && outputFrames == 0)
                {
                    break;
                }
            }
        }

        return produced;
    }

    protected override bool ReleaseHandle()
    {
        Interop.SpeexDsp.Destroy(handle);
        return true;
    }
}
