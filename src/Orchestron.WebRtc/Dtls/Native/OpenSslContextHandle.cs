using System.Runtime.InteropServices;

namespace Orchestron.WebRtc.Dtls.Native;

/// <summary>Owns an OpenSSL SSL_CTX.</summary>
internal sealed class OpenSslContextHandle : SafeHandle
{
    public OpenSslContextHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle()
    {
        Interop.Interop.Ssl.SSL_CTX_free(handle);
        return true;
    }
}
