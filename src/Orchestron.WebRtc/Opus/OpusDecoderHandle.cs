using System.Runtime.InteropServices;

namespace Orchestron.WebRtc.Opus;

/// <summary>Owns a native <c>OpusDecoder*</c> and destroys it exactly once.</summary>
internal sealed class OpusDecoderHandle : SafeHandle
{
    public OpusDecoderHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    internal OpusDecoderHandle(nint decoder)
        : base(IntPtr.Zero, ownsHandle: true) => SetHandle(decoder);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        Interop.Interop.Opus.DecoderDestroy(handle);
        return true;
    }
}
