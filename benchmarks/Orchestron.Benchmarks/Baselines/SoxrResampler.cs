using System.Runtime.InteropServices;

namespace Orchestron.Benchmarks.Baselines;

/// <summary>libsoxr at its HQ recipe (20-bit precision), single-threaded, float32 interleaved stereo.</summary>
internal sealed unsafe class SoxrResampler : SafeHandle, IStereoResampler
{
    public SoxrResampler(int inputRate, int outputRate)
        : base(0, ownsHandle: true)
    {
        var quality = Interop.Soxr.CreateQualitySpec(Interop.Soxr.HighQuality, 0);
        var io = Interop.Soxr.CreateIoSpec(Interop.Soxr.Float32Interleaved, Interop.Soxr.Float32Interleaved);
        byte* error = null;
        var handle = Interop.Soxr.Create(inputRate, outputRate, 2, &error, &io, &quality, null);
        if (error is not null || handle == 0)
        {
            throw new InvalidOperationException($"soxr_create failed: {Marshal.PtrToStringUTF8((nint)error)}");
        }

        SetHandle(handle);
    }

    public override bool IsInvalid => handle == 0;

    public int Process(ReadOnlySpan<float> input, Span<float> output)
    {
        var produced = 0;
        fixed (float* source = input)
        fixed (float* destination = output)
        {
            nuint offered = (nuint)(input.Length / 2), consumed = 0;
            while (true)
            {
                nuint inputDone, outputDone;
                var error = Interop.Soxr.Process(handle, source + (consumed * 2), offered - consumed, &inputDone, destination + (produced * 2), (nuint)((output.Length / 2) - produced), &outputDone);
                if (error is not null)
                {
                    throw new InvalidOperationException($"soxr_process failed: {Marshal.PtrToStringUTF8((nint)error)}");
                }

                consumed += inputDone;
                produced += (int)outputDone;
                if (consumed == offered || (inputDone == 0 && outputDone == 0))
                {
                    return produced;
                }
            }
        }
    }

    protected override bool ReleaseHandle()
    {
        Interop.Soxr.Delete(handle);
        return true;
    }
}
