internal static partial class Interop
{
    /// <summary>
    /// libcrypto entry points, one file per area: memory BIOs (<c>Interop.Bio.cs</c>), X.509 certificates
    /// (<c>Interop.X509.cs</c>), private keys (<c>Interop.EvpPkey.cs</c>) and the error queue (<c>Interop.Err.cs</c>).
    /// </summary>
    internal static unsafe partial class Crypto
    {
    }
}
