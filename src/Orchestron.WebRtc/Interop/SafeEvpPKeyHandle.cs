using System.Runtime.InteropServices;

/// <summary>Owns one reference to an OpenSSL <c>EVP_PKEY</c> and releases it exactly once.</summary>
internal sealed class SafeEvpPKeyHandle : SafeHandle
{
    public SafeEvpPKeyHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle()
    {
        Interop.Crypto.EVP_PKEY_free(handle);
        return true;
    }
}
