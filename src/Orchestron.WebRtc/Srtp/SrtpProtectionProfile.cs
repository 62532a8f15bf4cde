namespace Orchestron.WebRtc.Srtp;

/// <summary>
/// The SRTP protection profiles this library implements, numbered with their IANA DTLS-SRTP identifiers
/// (RFC 5764 section 4.1.2, RFC 7714 section 14.2) so a value negotiated by DTLS maps directly.
/// </summary>
public enum SrtpProtectionProfile
{
    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80 (RFC 3711): AES counter mode, 80-bit HMAC-SHA1 tag.</summary>
    Aes128CmHmacSha1_80 = 0x0001,

    /// <summary>SRTP_AEAD_AES_128_GCM (RFC 7714): AES-GCM with a 128-bit tag.</summary>
    AeadAes128Gcm = 0x0007,
}
