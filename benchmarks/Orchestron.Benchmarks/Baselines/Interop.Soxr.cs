using System.Runtime.InteropServices;

namespace Orchestron.Benchmarks.Baselines;

internal static partial class Interop
{
    /// <summary>libsoxr (Debian <c>libsoxr0</c>), the SoX resampler, used only as a benchmark baseline.</summary>
    internal static unsafe partial class Soxr
    {
        private const string Library = "libsoxr.so.0";

        /// <summary>soxr_datatype_t SOXR_FLOAT32_I.</summary>
        internal const int Float32Interleaved = 0;

        /// <summary>Quality recipe SOXR_HQ (SOXR_20_BITQ).</summary>
        internal const nuint HighQuality = 4;

        [LibraryImport(Library, EntryPoint = "soxr_create")]
        internal static partial nint Create(double inputRate, double outputRate, uint channels, byte** error, void* ioSpec, void* qualitySpec, void* runtimeSpec);

        [LibraryImport(Library, EntryPoint = "soxr_process")]
        internal static partial byte* Process(nint resampler, float* input, nuint inputFrames, nuint* inputDone, float* output, nuint outputFrames, nuint* outputDone);

        [LibraryImport(Library, EntryPoint = "soxr_delete")]
        internal static partial void Delete(nint resampler);

        [LibraryImport(Library, EntryPoint = "soxr_quality_spec")]
        internal static partial QualitySpec CreateQualitySpec(nuint recipe, nuint flags);

        [LibraryImport(Library, EntryPoint = "soxr_io_spec")]
        internal static partial IoSpec CreateIoSpec(int inputType, int outputType);

        /// <summary>soxr_quality_spec_t.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct QualitySpec
        {
            public double Precision;
            public double PhaseResponse;
            public double PassbandEnd;
            public double StopbandBegin;
            public void* Reserved;
            public nuint Flags;
        }

        /// <summary>soxr_io_spec_t.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct IoSpec
        {
            public int InputType;
            public int OutputType;
            public double Scale;
            public void* Reserved;
            public nuint Flags;
        }
    }
}
