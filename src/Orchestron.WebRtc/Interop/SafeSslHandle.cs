using System.Runtime.InteropServices;

/// <summary>Owns an OpenSSL <c>SSL</c> connection; freeing it also drops the references it holds to its BIOs.</summary>
internal sealed class SafeSslHandle : SafeHandle
{
    public SafeSslHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle()
    {
        Interop.Ssl.SSL_free(handle);
        return true;
    }
}
