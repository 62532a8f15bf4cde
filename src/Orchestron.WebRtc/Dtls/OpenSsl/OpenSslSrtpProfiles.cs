using Orchestron.WebRtc.Srtp;

namespace Orchestron.WebRtc.Dtls.OpenSsl;

/// <summary>OpenSSL's names of the SRTP protection profiles, as <c>SSL_CTX_set_tlsext_use_srtp</c> takes them.</summary>
internal static class OpenSslSrtpProfiles
{
    /// <summary>The name of <paramref name="profile"/>, or null when this library does not implement it.</summary>
    internal static string? NameOf(SrtpProtectionProfile profile) => profile switch
    {
        SrtpProtectionProfile.Aes128CmHmacSha1_80 => "SRTP_AES128_CM_SHA1_80",
        SrtpProtectionProfile.AeadAes128Gcm => "SRTP_AEAD_AES_128_GCM",
        _ => null,
    };
}
