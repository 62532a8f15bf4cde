namespace Orchestron.WebRtc.Srtp;

/// <summary>
/// The SRTP protection profiles this library implements, numbered with their IANA DTLS-SRTP identifiers
/// (RFC 5764 section 4.1.2, RFC 7714 section 14.2): DTLS offers and negotiates them by these values, and SRTP
/// protects packets with the one negotiated.
/// </summary>
public enum SrtpProtectionProfile
{
    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80 (RFC 3711): AES counter mode, 80-bit HMAC-SHA1 tag; 16-byte master key, 14-byte master salt.</summary>
    Aes128CmHmacSha1_80 = 0x0001,

    /// <summary>SRTP_AEAD_AES_128_GCM (RFC 7714): AES-GCM with a 128-bit tag; 16-byte master key, 12-byte master salt.</summary>
    AeadAes128Gcm = 0x0007,
}
