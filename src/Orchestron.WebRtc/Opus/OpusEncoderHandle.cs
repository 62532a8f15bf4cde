using System.Runtime.InteropServices;

namespace Orchestron.WebRtc.Opus;

/// <summary>Owns a native <c>OpusEncoder*</c> and destroys it exactly once.</summary>
internal sealed class OpusEncoderHandle : SafeHandle
{
    public OpusEncoderHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    internal OpusEncoderHandle(nint encoder)
        : base(IntPtr.Zero, ownsHandle: true) => SetHandle(encoder);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        Interop.Interop.Opus.EncoderDestroy(handle);
        return true;
    }
}
