using System.Runtime.InteropServices;

namespace Orchestron.WebRtc.Dtls.Native;

/// <summary>Owns an OpenSSL SSL connection (and the BIOs it owns).</summary>
internal sealed class OpenSslHandle : SafeHandle
{
    public OpenSslHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle()
    {
        Interop.Interop.Ssl.SSL_free(handle);
        return true;
    }
}
