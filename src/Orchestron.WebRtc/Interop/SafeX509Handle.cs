using System.Runtime.InteropServices;

/// <summary>Owns one reference to an OpenSSL <c>X509</c> certificate and releases it exactly once.</summary>
internal sealed class SafeX509Handle : SafeHandle
{
    public SafeX509Handle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle()
    {
        Interop.Crypto.X509_free(handle);
        return true;
    }
}
