using System.Runtime.InteropServices;

/// <summary>Owns one reference to an OpenSSL <c>SSL_CTX</c> and releases it exactly once.</summary>
internal sealed class SafeSslContextHandle : SafeHandle
{
    public SafeSslContextHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle()
    {
        Interop.Ssl.SSL_CTX_free(handle);
        return true;
    }
}
