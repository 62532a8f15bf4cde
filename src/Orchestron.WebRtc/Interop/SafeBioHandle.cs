using System.Runtime.InteropServices;

/// <summary>Owns one reference to an OpenSSL <c>BIO</c> and releases it exactly once.</summary>
/// <remarks>
/// A BIO attached to an SSL with <c>SSL_set0_rbio</c>/<c>SSL_set0_wbio</c> is owned by that SSL too: the
/// attaching code first takes a second reference with <c>BIO_up_ref</c> and hands that one to the SSL, so this
/// handle keeps its own. Whichever of the SSL and this handle is freed last frees the BIO, and neither can leave
/// the other pointing at freed memory.
/// </remarks>
internal sealed class SafeBioHandle : SafeHandle
{
    public SafeBioHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle()
    {
        // BIO_free drops one reference; the BIO itself goes when the last one does.
        Interop.Crypto.BIO_free(handle);
        return true;
    }
}
