using System.Runtime.InteropServices;
using OpusNative = Orchestron.WebRtc.Interop.Interop.Opus;

namespace Orchestron.WebRtc.Opus;

/// <summary>
/// Calls the variadic <c>opus_encoder_ctl</c> through the fixed-signature binding that matches this process's ABI.
/// </summary>
internal static class OpusEncoderControl
{
    /// <summary>True on Apple arm64, whose variadic arguments go on the stack rather than in registers.</summary>
    internal static readonly bool VariadicArgumentsOnStack =
        RuntimeInformation.ProcessArchitecture == Architecture.Arm64
        && (OperatingSystem.IsMacOS() || OperatingSystem.IsIOS() || OperatingSystem.IsTvOS() || OperatingSystem.IsMacCatalyst());

    public static void Set(OpusEncoderHandle encoder, OpusControlRequest request, int value)
    {
        var result = VariadicArgumentsOnStack
            ? OpusNative.EncoderCtlAppleArm64(encoder, (int)request, 0, 0, 0, 0, 0, 0, value)
            : OpusNative.EncoderCtl(encoder, (int)request, value);
        OpusException.ThrowIfError(result, $"opus_encoder_ctl({request}, {value})");
    }

    public static unsafe int Get(OpusEncoderHandle encoder, OpusControlRequest request)
    {
        var value = 0;
        var result = VariadicArgumentsOnStack
            ? OpusNative.EncoderCtlAppleArm64(encoder, (int)request, 0, 0, 0, 0, 0, 0, (nint)(&value))
            : OpusNative.EncoderCtl(encoder, (int)request, &value);
        OpusException.ThrowIfError(result, $"opus_encoder_ctl({request})");
        return value;
    }

    public static void Reset(OpusEncoderHandle encoder)
    {
        // OPUS_RESET_STATE takes no variadic argument, so every ABI passes it the same way.
        OpusException.ThrowIfError(OpusNative.EncoderCtl(encoder, (int)OpusControlRequest.ResetState), "opus_encoder_ctl(ResetState)");
    }
}
