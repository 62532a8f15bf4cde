using System.Runtime.InteropServices;

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

    public static void Set(SafeOpusEncoderHandle encoder, OpusControlRequest request, int value)
    {
        var result = VariadicArgumentsOnStack
            ? Interop.Opus.EncoderCtlAppleArm64(encoder, (int)request, 0, 0, 0, 0, 0, 0, value)
            : Interop.Opus.EncoderCtl(encoder, (int)request, value);
        OpusException.ThrowIfError(result, $"opus_encoder_ctl({request}, {value})");
    }

    public static unsafe int Get(SafeOpusEncoderHandle encoder, OpusControlRequest request)
    {
        var value = 0;
        var result = VariadicArgumentsOnStack
            ? Interop.Opus.EncoderCtlAppleArm64(encoder, (int)request, 0, 0, 0, 0, 0, 0, (nint)(&value))
            : Interop.Opus.EncoderCtl(encoder, (int)request, &value);
        OpusException.ThrowIfError(result, $"opus_encoder_ctl({request})");
        return value;
    }

    public static void Reset(SafeOpusEncoderHandle encoder)
    {
        // OPUS_RESET_STATE takes no variadic argument, so every ABI passes it the same way.
        OpusException.ThrowIfError(Interop.Opus.EncoderCtl(encoder, (int)OpusControlRequest.ResetState), "opus_encoder_ctl(ResetState)");
    }
}
