namespace Orchestron.WebRtc.Dtls;

/// <summary>The SRTP protection profiles negotiated by use_srtp, with their IANA ids (RFC 5764, RFC 7714).</summary>
public enum DtlsSrtpProfile : ushort
{
    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80: 16-byte master key, 14-byte master salt.</summary>
    AesCm128HmacSha1_80 = 0x0001,

    /// <summary>SRTP_AEAD_AES_128_GCM: 16-byte master key, 12-byte master salt.</summary>
    AeadAes128Gcm = 0x0007,
}
