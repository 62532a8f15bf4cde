using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Orchestron.Streaming.Audio;

/// <summary>
/// The inner loops of <see cref="PolyphaseResampler"/>: splitting interleaved input into left and right
/// planes, and one output frame's dot products of a filter branch with both planes.
/// </summary>
/// <remarks>
/// Planes rather than interleaved history let one coefficient vector serve a vector of left samples and a
/// vector of right samples as loaded, so the table holds each coefficient once and nothing is shuffled per
/// tap; the split costs one shuffle per four input frames, against one per eight taps of every output.
/// </remarks>
internal static class ResamplerKernels
{
    /// <summary>Copies interleaved stereo frames into a left and a right plane.</summary>
    internal static void Deinterleave(ReadOnlySpan<float> interleaved, Span<float> left, Span<float> right)
    {
        var frames = interleaved.Length / 2;
        if (left.Length < frames || right.Length < frames)
        {
            throw new ArgumentException("The planes are shorter than the input.", nameof(left));
        }

        ref var source = ref MemoryMarshal.GetReference(interleaved);
        ref var leftPlane = ref MemoryMarshal.GetReference(left);
        ref var rightPlane = ref MemoryMarshal.GetReference(right);
        var n = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // Four frames per vector: gather the lefts into the lower half and the rights into the upper.
            var split = Vector256.Create(0, 2, 4, 6, 1, 3, 5, 7);
            for (; n + 4 <= frames; n += 4)
            {
                var parted = Vector256.Shuffle(Vector256.LoadUnsafe(ref source, (nuint)(2 * n)), split);
                parted.GetLower().StoreUnsafe(ref leftPlane, (nuint)n);
                parted.GetUpper().StoreUnsafe(ref rightPlane, (nuint)n);
            }
        }

        for (; n < frames; n++)
        {
            Unsafe.Add(ref leftPlane, n) = Unsafe.Add(ref source, 2 * n);
            Unsafe.Add(ref rightPlane, n) = Unsafe.Add(ref source, (2 * n) + 1);
        }
    }

    /// <summary>
    /// Writes one interleaved output frame: the branch's <paramref name="taps"/> coefficients (a multiple of
    /// 8) applied to <paramref name="left"/> and <paramref name="right"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void DotStereo(ref float left, ref float right, ref float coefficients, int taps, ref float destination)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            var (sumLeft, sumRight) = Sum512(ref left, ref right, ref coefficients, (nuint)taps);
            StoreFrame(sumLeft, sumRight, ref destination);
        }
        else if (Vector256.IsHardwareAccelerated || !Vector128.IsHardwareAccelerated)
        {
            var (sumLeft, sumRight) = Sum256(ref left, ref right, ref coefficients, (nuint)taps);
            StoreFrame(sumLeft, sumRight, ref destination);
        }
        else
        {
            var (sumLeft, sumRight) = Sum128(ref left, ref right, ref coefficients, (nuint)taps);
            destination = Vector128.Sum(sumLeft);
            Unsafe.Add(ref destination, 1) = Vector128.Sum(sumRight);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreFrame(Vector256<float> left, Vector256<float> right, ref float destination)
    {
        // Both horizontal sums at once: fold each to four lanes side by side, pair the lanes up as left,
        // right, fold twice more, and store the frame from the low 64 bits in one write.
        var halves = Vector256.Create(left.GetLower(), right.GetLower()) + Vector256.Create(left.GetUpper(), right.GetUpper());
        var paired = Vector256.Shuffle(halves, Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7));
        var folded = paired.GetLower() + paired.GetUpper();
        var frame = folded + Vector128.Shuffle(folded, Vector128.Create(2, 3, 0, 1));
        Unsafe.WriteUnaligned(ref Unsafe.As<float, byte>(ref destination), frame.AsDouble().ToScalar());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float> Left, Vector256<float> Right) Sum512(ref float left, ref float right, ref float coefficients, nuint taps)
    {
        // Two sums per channel, 32 taps per round, hide the multiply-add latency; then one vector of 16
        // taps and one half vector of 8, as the tap count needs.
        const int width = 16;
        var left0 = Vector512<float>.Zero;
        var left1 = Vector512<float>.Zero;
        var right0 = Vector512<float>.Zero;
        var right1 = Vector512<float>.Zero;
        nuint t = 0;
        for (; t + (2 * width) <= taps; t += 2 * width)
        {
            var first = Vector512.LoadUnsafe(ref coefficients, t);
            var second = Vector512.LoadUnsafe(ref coefficients, t + width);
            left0 = Vector512.FusedMultiplyAdd(first, Vector512.LoadUnsafe(ref left, t), left0);
            right0 = Vector512.FusedMultiplyAdd(first, Vector512.LoadUnsafe(ref right, t), right0);
            left1 = Vector512.FusedMultiplyAdd(second, Vector512.LoadUnsafe(ref left, t + width), left1);
            right1 = Vector512.FusedMultiplyAdd(second, Vector512.LoadUnsafe(ref right, t + width), right1);
        }

        if (t + width <= taps)
        {
            var last = Vector512.LoadUnsafe(ref coefficients, t);
            left0 = Vector512.FusedMultiplyAdd(last, Vector512.LoadUnsafe(ref left, t), left0);
            right0 = Vector512.FusedMultiplyAdd(last, Vector512.LoadUnsafe(ref right, t), right0);
            t += width;
        }

        var sumLeft = left0 + left1;
        var sumRight = right0 + right1;
        var foldedLeft = sumLeft.GetLower() + sumLeft.GetUpper();
        var foldedRight = sumRight.GetLower() + sumRight.GetUpper();
        if (t < taps)
        {
            var last = Vector256.LoadUnsafe(ref coefficients, t);
            foldedLeft = MultiplyAdd(last, Vector256.LoadUnsafe(ref left, t), foldedLeft);
            foldedRight = MultiplyAdd(last, Vector256.LoadUnsafe(ref right, t), foldedRight);
        }

        return (foldedLeft, foldedRight);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float> Left, Vector256<float> Right) Sum256(ref float left, ref float right, ref float coefficients, nuint taps)
    {
        // Two sums per channel, 16 taps per round; the taps are a multiple of 8, so at most one vector is left.
        const int width = 8;
        var left0 = Vector256<float>.Zero;
        var left1 = Vector256<float>.Zero;
        var right0 = Vector256<float>.Zero;
        var right1 = Vector256<float>.Zero;
        nuint t = 0;
        for (; t + (2 * width) <= taps; t += 2 * width)
        {
            var first = Vector256.LoadUnsafe(ref coefficients, t);
            var second = Vector256.LoadUnsafe(ref coefficients, t + width);
            left0 = MultiplyAdd(first, Vector256.LoadUnsafe(ref left, t), left0);
            right0 = MultiplyAdd(first, Vector256.LoadUnsafe(ref right, t), right0);
            left1 = MultiplyAdd(second, Vector256.LoadUnsafe(ref left, t + width), left1);
            right1 = MultiplyAdd(second, Vector256.LoadUnsafe(ref right, t + width), right1);
        }

        if (t < taps)
        {
            var last = Vector256.LoadUnsafe(ref coefficients, t);
            left0 = MultiplyAdd(last, Vector256.LoadUnsafe(ref left, t), left0);
            right0 = MultiplyAdd(last, Vector256.LoadUnsafe(ref right, t), right0);
        }

        return (left0 + left1, right0 + right1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector128<float> Left, Vector128<float> Right) Sum128(ref float left, ref float right, ref float coefficients, nuint taps)
    {
        // For 128-bit-only hardware (e.g. Arm64 NEON); the taps are a multiple of 8, two vectors per round.
        const int width = 4;
        var left0 = Vector128<float>.Zero;
        var left1 = Vector128<float>.Zero;
        var right0 = Vector128<float>.Zero;
        var right1 = Vector128<float>.Zero;
        for (nuint t = 0; t < taps; t += 2 * width)
        {
            var first = Vector128.LoadUnsafe(ref coefficients, t);
            var second = Vector128.LoadUnsafe(ref coefficients, t + width);
            left0 = MultiplyAdd(first, Vector128.LoadUnsafe(ref left, t), left0);
            right0 = MultiplyAdd(first, Vector128.LoadUnsafe(ref right, t), right0);
            left1 = MultiplyAdd(second, Vector128.LoadUnsafe(ref left, t + width), left1);
            right1 = MultiplyAdd(second, Vector128.LoadUnsafe(ref right, t + width), right1);
        }

        return (left0 + left1, right0 + right1);
    }

    // Fused where the hardware fuses (Arm64 always, x64 with FMA); a software fused multiply-add would be
    // far slower than the separate multiply and add.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> MultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> addend) =>
        Fma.IsSupported || AdvSimd.IsSupported ? Vector128.FusedMultiplyAdd(a, b, addend) : (a * b) + addend;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> addend) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, addend) : (a * b) + addend;
}
