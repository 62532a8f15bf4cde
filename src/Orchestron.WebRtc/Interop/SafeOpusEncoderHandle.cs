using System.Runtime.InteropServices;

/// <summary>Owns a libopus <c>OpusEncoder*</c> and destroys it exactly once.</summary>
internal sealed class SafeOpusEncoderHandle : SafeHandle
{
    public SafeOpusEncoderHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle()
    {
        Interop.Opus.EncoderDestroy(handle);
        return true;
    }
}
