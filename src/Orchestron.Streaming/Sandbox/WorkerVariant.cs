using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Orchestron.Streaming.Sandbox;

/// <summary>
/// The builds of the Csound worker an x64 layout carries beside the portable one: NativeAOT fixes the instruction set
/// at compile time (there is no JIT to widen the resampler's vectors on a CPU that has AVX2), so the worker is also
/// compiled for wider x86-64 microarchitecture levels, each file named after its level
/// (<c>Orchestron.Csound.Worker.x86-64-v3</c>), and the widest one this CPU runs is started, as the dynamic loader
/// picks a library from <c>glibc-hwcaps/x86-64-v3</c>.
/// </summary>
internal static class WorkerVariant
{
    // Widest first. The levels are the x86-64 psABI's: v3 adds AVX, AVX2, BMI1, BMI2, F16C, FMA, LZCNT and MOVBE to
    // v2; v4 adds AVX-512 F, BW, CD, DQ and VL to v3.
    private static readonly (string Level, Func<bool> Runs, string Needs)[] Levels =
    [
        ("x86-64-v4", RunsX86_64V4, "AVX-512 (F, BW, CD, DQ, VL) and what x86-64-v3 needs"),
        ("x86-64-v3", RunsX86_64V3, "AVX2, FMA, BMI1, BMI2, LZCNT, MOVBE and F16C"),
    ];

    /// <summary>The levels this CPU runs, widest first (none on a CPU that is not x64).</summary>
    internal static IReadOnlyList<string> SupportedLevels { get; } =
        RuntimeInformation.ProcessArchitecture == Architecture.X64 ? [.. Levels.Where(level => level.Runs()).Select(level => level.Level)] : [];

    /// <summary>
    /// The files to try for the portable worker at <paramref name="portablePath"/>: the widest of
    /// <paramref name="supportedLevels"/> first, the portable one last.
    /// </summary>
    internal static IEnumerable<string> Files(string portablePath, IReadOnlyList<string> supportedLevels) =>
        [.. supportedLevels.Select(level => portablePath + "." + level), portablePath];

    /// <summary>The level a worker's file name says it is compiled for; null for the portable worker (or any other name).</summary>
    internal static string? LevelOf(string path)
    {
        var name = Path.GetFileName(path);
        return Levels.Select(level => level.Level).FirstOrDefault(level => name.EndsWith("." + level, StringComparison.Ordinal));
    }

    /// <summary>Null when <paramref name="level"/> is one of <paramref name="supportedLevels"/>; otherwise what a CPU needs to run it.</summary>
    internal static string? Missing(string level, IReadOnlyList<string> supportedLevels) =>
        supportedLevels.Contains(level) ? null : Levels.First(known => known.Level == level).Needs;

    private static bool RunsX86_64V3()
    {
        if (!(Avx2.IsSupported && Fma.IsSupported && Bmi1.IsSupported && Bmi2.IsSupported && Lzcnt.IsSupported))
        {
            return false;
        }

        // MOVBE and F16C have no class of their own: CPUID leaf 1, ECX bits 22 and 29.
        var features = X86Base.CpuId(1, 0).Ecx;
        return (features & (1 << 22)) != 0 && (features & (1 << 29)) != 0;
    }

    private static bool RunsX86_64V4() =>
        RunsX86_64V3() && Avx512F.IsSupported && Avx512F.VL.IsSupported && Avx512BW.IsSupported && Avx512CD.IsSupported && Avx512DQ.IsSupported;
}
