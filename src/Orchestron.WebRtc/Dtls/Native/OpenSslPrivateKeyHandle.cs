using System.Runtime.InteropServices;

namespace Orchestron.WebRtc.Dtls.Native;

/// <summary>Owns an OpenSSL EVP_PKEY.</summary>
internal sealed class OpenSslPrivateKeyHandle : SafeHandle
{
    public OpenSslPrivateKeyHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle()
    {
        Interop.Interop.Crypto.EVP_PKEY_free(handle);
        return true;
    }
}
