using System.Runtime.InteropServices;

namespace Orchestron.WebRtc.Dtls.Native;

/// <summary>Owns an OpenSSL X509 certificate.</summary>
internal sealed class OpenSslX509Handle : SafeHandle
{
    public OpenSslX509Handle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle()
    {
        Interop.Interop.Crypto.X509_free(handle);
        return true;
    }
}
