namespace Orchestron.WebRtc.Srtp;

/// <summary>The six session keys of one SRTP crypto context (RFC 3711 section 4.3).</summary>
/// <remarks>Auth keys are empty for AEAD profiles, whose tag comes from the cipher itself.</remarks>
internal sealed record SrtpSessionKeys(
    SrtpProtectionProfile Profile,
    byte[] RtpCipherKey,
    byte[] RtpSalt,
    byte[] RtpAuthKey,
    byte[] RtcpCipherKey,
    byte[] RtcpSalt,
    byte[] RtcpAuthKey);
