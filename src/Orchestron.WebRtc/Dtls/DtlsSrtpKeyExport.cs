using System.Security.Cryptography;
using Orchestron.WebRtc.Srtp;

namespace Orchestron.WebRtc.Dtls;

/// <summary>The RFC 5764 section 4.2 layout of the keying material DTLS exports for SRTP.</summary>
internal static class DtlsSrtpKeyExport
{
    /// <summary>The exporter label of RFC 5764 section 4.2.</summary>
    internal static ReadOnlySpan<byte> Label => "EXTRACTOR-dtls_srtp"u8;

    /// <summary>Bytes to export for <paramref name="profile"/>: two master keys and two master salts.</summary>
    internal static int MaterialLength(SrtpProtectionProfile profile) => SrtpSession.GetKeyingMaterialLength(profile);

    /// <summary>
    /// Splits <paramref name="material"/> (client key, server key, client salt, server salt) into ours and the
    /// peer's according to <paramref name="role"/>, then wipes it.
    /// </summary>
    internal static DtlsSrtpKeys Split(SrtpProtectionProfile profile, Span<byte> material, DtlsRole role)
    {
        var parameters = SrtpProfileParameters.For(profile);
        var keyLength = parameters.MasterKeyLength;
        var saltLength = parameters.MasterSaltLength;
        var clientKey = material.Slice(0, keyLength).ToArray();
        var serverKey = material.Slice(keyLength, keyLength).ToArray();
        var clientSalt = material.Slice(2 * keyLength, saltLength).ToArray();
        var serverSalt = material.Slice((2 * keyLength) + saltLength, saltLength).ToArray();
        CryptographicOperations.ZeroMemory(material);
        return role == DtlsRole.Client
            ? new DtlsSrtpKeys(profile, clientKey, clientSalt, serverKey, serverSalt)
            : new DtlsSrtpKeys(profile, serverKey, serverSalt, clientKey, clientSalt);
    }
}
