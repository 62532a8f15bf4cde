using System.Runtime.InteropServices;

/// <summary>Owns a libopus <c>OpusDecoder*</c> and destroys it exactly once.</summary>
internal sealed class SafeOpusDecoderHandle : SafeHandle
{
    public SafeOpusDecoderHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle()
    {
        Interop.Opus.DecoderDestroy(handle);
        return true;
    }
}
