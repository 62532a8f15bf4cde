using System.Runtime.InteropServices;

internal static partial class Interop
{
    /// <summary>libopus entry points (opus.h, opus_defines.h).</summary>
    internal static partial class Opus
    {
        internal const int Ok = 0;
        internal const int ApplicationAudio = 2049;
        internal const int ApplicationRestrictedLowDelay = 2051;

        [LibraryImport(Libraries.Opus, EntryPoint = "opus_get_version_string")]
        internal static unsafe partial byte* GetVersionString();

        [LibraryImport(Libraries.Opus, EntryPoint = "opus_strerror")]
        internal static unsafe partial byte* StrError(int error);

        [LibraryImport(Libraries.Opus, EntryPoint = "opus_encoder_create")]
        internal static unsafe partial SafeOpusEncoderHandle EncoderCreate(int sampleRate, int channels, int application, int* error);

        [LibraryImport(Libraries.Opus, EntryPoint = "opus_encoder_destroy")]
        internal static partial void EncoderDestroy(nint encoder);

        [LibraryImport(Libraries.Opus, EntryPoint = "opus_encode_float")]
        internal static unsafe partial int EncodeFloat(SafeOpusEncoderHandle encoder, float* pcm, int frameSize, byte* data, int maxDataBytes);

        // opus_encoder_ctl(OpusEncoder*, int request, ...) is C-variadic. Where the ABI passes variadic integer
        // and pointer arguments exactly like named ones (x64 System V and Windows, Linux and Windows arm64),
        // these fixed-signature declarations are the same call.

        [LibraryImport(Libraries.Opus, EntryPoint = "opus_encoder_ctl")]
        internal static partial int EncoderCtl(SafeOpusEncoderHandle encoder, int request);

        [LibraryImport(Libraries.Opus, EntryPoint = "opus_encoder_ctl")]
        internal static partial int EncoderCtl(SafeOpusEncoderHandle encoder, int request, int value);

        [LibraryImport(Libraries.Opus, EntryPoint = "opus_encoder_ctl")]
        internal static unsafe partial int EncoderCtl(SafeOpusEncoderHandle encoder, int request, int* value);

        // Apple arm64 passes every variadic argument on the stack in its own 8-byte slot, never in x0-x7.
        // Six unused integer arguments after the two named ones fill x2-x7, so the ninth argument, widened to
        // 64 bits, lands in the first stack slot where the callee's va_arg reads it.

        [LibraryImport(Libraries.Opus, EntryPoint = "opus_encoder_ctl")]
        internal static partial int EncoderCtlAppleArm64(
            SafeOpusEncoderHandle encoder, int request, nint x2, nint x3, nint x4, nint x5, nint x6, nint x7, nint stackArgument);

        [LibraryImport(Libraries.Opus, EntryPoint = "opus_decoder_create")]
        internal static unsafe partial SafeOpusDecoderHandle DecoderCreate(int sampleRate, int channels, int* error);

        [LibraryImport(Libraries.Opus, EntryPoint = "opus_decoder_destroy")]
        internal static partial void DecoderDestroy(nint decoder);

        [LibraryImport(Libraries.Opus, EntryPoint = "opus_decode_float")]
        internal static unsafe partial int DecodeFloat(SafeOpusDecoderHandle decoder, byte* data, int length, float* pcm, int frameSize, int decodeFec);
    }
}
