namespace Orchestron.WebRtc.Srtp;

/// <summary>
/// Both directions of one SRTP association: what this side sends is protected with its own master key,
/// what the peer sends (RTCP receiver reports, for a send-only endpoint) is unprotected with the peer's.
/// </summary>
public sealed class SrtpSession : IDisposable
{
    /// <summary>Creates a session from the local and remote master keys and salts.</summary>
    /// <param name="profile">The negotiated protection profile.</param>
    /// <param name="localMasterKey">The key this side protects with.</param>
    /// <param name="localMasterSalt">The salt this side protects with.</param>
    /// <param name="remoteMasterKey">The key the peer protects with.</param>
    /// <param name="remoteMasterSalt">The salt the peer protects with.</param>
    public SrtpSession(
        SrtpProtectionProfile profile,
        ReadOnlySpan<byte> localMasterKey,
        ReadOnlySpan<byte> localMasterSalt,
        ReadOnlySpan<byte> remoteMasterKey,
        ReadOnlySpan<byte> remoteMasterSalt)
    {
        Outbound = new SrtpContext(profile, localMasterKey, localMasterSalt);
        try
        {
            Inbound = new SrtpContext(profile, remoteMasterKey, remoteMasterSalt);
        }
        catch
        {
            Outbound.Dispose();
            throw;
        }
    }

    /// <summary>The context that protects what this side sends.</summary>
    public SrtpContext Outbound { get; }

    /// <summary>The context that unprotects what the peer sends.</summary>
    public SrtpContext Inbound { get; }

    /// <summary>The protection profile of both directions.</summary>
    public SrtpProtectionProfile Profile => Outbound.Profile;

    /// <summary>
    /// The number of bytes of DTLS keying material (exported with the label "EXTRACTOR-dtls_srtp") that
    /// <paramref name="profile"/> needs: two master keys and two master salts (RFC 5764 section 4.2).
    /// </summary>
    public static int GetKeyingMaterialLength(SrtpProtectionProfile profile)
    {
        var sizes = SrtpProfileParameters.For(profile);
        return 2 * (sizes.MasterKeyLength + sizes.MasterSaltLength);
    }

    /// <summary>
    /// Creates a session from DTLS-SRTP keying material laid out as client key, server key, client salt,
    /// server salt (RFC 5764 section 4.2).
    /// </summary>
    /// <param name="profile">The protection profile DTLS negotiated.</param>
    /// <param name="keyingMaterial">Exactly <see cref="GetKeyingMaterialLength"/> bytes.</param>
    /// <param name="isDtlsClient">True when this side was the DTLS client, so it sends with the client write key.</param>
    public static SrtpSession FromDtlsKeyingMaterial(SrtpProtectionProfile profile, ReadOnlySpan<byte> keyingMaterial, bool isDtlsClient)
    {
        var sizes = SrtpProfileParameters.For(profile);
        var expected = GetKeyingMaterialLength(profile);
        if (keyingMaterial.Length != expected)
        {
            throw new ArgumentException($"DTLS-SRTP keying material for {profile} must be {expected} bytes, not {keyingMaterial.Length}.", nameof(keyingMaterial));
        }

        var keyLength = sizes.MasterKeyLength;
        var saltLength = sizes.MasterSaltLength;
        var clientKey = keyingMaterial[..keyLength];
        var serverKey = keyingMaterial.Slice(keyLength, keyLength);
        var clientSalt = keyingMaterial.Slice(2 * keyLength, saltLength);
        var serverSalt = keyingMaterial.Slice((2 * keyLength) + saltLength, saltLength);
        return isDtlsClient
            ? new SrtpSession(profile, clientKey, clientSalt, serverKey, serverSalt)
            : new SrtpSession(profile, serverKey, serverSalt, clientKey, clientSalt);
    }

    /// <inheritdoc cref="SrtpContext.Protect"/>
    public int Protect(Span<byte> packetBuffer, int length) => Outbound.Protect(packetBuffer, length);

    /// <inheritdoc cref="SrtpContext.ProtectRtcp"/>
    public int ProtectRtcp(Span<byte> packetBuffer, int length) => Outbound.ProtectRtcp(packetBuffer, length);

    /// <inheritdoc cref="SrtpContext.Unprotect"/>
    public SrtpUnprotectResult Unprotect(Span<byte> packetBuffer, int length, out int plainLength) =>
        Inbound.Unprotect(packetBuffer, length, out plainLength);

    /// <inheritdoc cref="SrtpContext.UnprotectRtcp"/>
    public SrtpUnprotectResult UnprotectRtcp(Span<byte> packetBuffer, int length, out int plainLength) =>
        Inbound.UnprotectRtcp(packetBuffer, length, out plainLength);

    /// <summary>Releases both contexts.</summary>
    public void Dispose()
    {
        Outbound.Dispose();
        Inbound.Dispose();
    }
}
