using System.Runtime.InteropServices;

namespace Orchestron.Benchmarks.Baselines;

internal static partial class Interop
{
    /// <summary>libspeexdsp (Debian <c>libspeexdsp1</c>, floating-point build), used only as a benchmark baseline.</summary>
    internal static unsafe partial class SpeexDsp
    {
        private const string Library = "libspeexdsp.so.1";

        [LibraryImport(Library, EntryPoint = "speex_resampler_init")]
        internal static partial nint ResamplerInit(uint channels, uint inputRate, uint outputRate, int quality, int* error);

        [LibraryImport(Library, EntryPoint = "speex_resampler_process_interleaved_float")]
        internal static partial int ProcessInterleavedFloat(nint state, float* input, uint* inputFrames, float* output, uint* outputFrames);

        [LibraryImport(Library, EntryPoint = "speex_resampler_skip_zeros")]
        internal static partial int SkipZeros(nint state);

        [LibraryImport(Library, EntryPoint = "speex_resampler_destroy")]
        internal static partial void Destroy(nint state);
    }
}
