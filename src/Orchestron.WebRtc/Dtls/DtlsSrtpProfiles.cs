namespace Orchestron.WebRtc.Dtls;

/// <summary>Names and key sizes of the <see cref="DtlsSrtpProfile"/> values.</summary>
public static class DtlsSrtpProfiles
{
    /// <summary>OpenSSL's name of <paramref name="profile"/>, as use_srtp lists take it.</summary>
    public static string OpenSslName(DtlsSrtpProfile profile) => profile switch
    {
        DtlsSrtpProfile.AesCm128HmacSha1_80 => "SRTP_AES128_CM_SHA1_80",
        DtlsSrtpProfile.AeadAes128Gcm => "SRTP_AEAD_AES_128_GCM",
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP protection profile."),
    };

    /// <summary>Master key length of <paramref name="profile"/> in bytes.</summary>
    public static int MasterKeyLength(DtlsSrtpProfile profile) => profile switch
    {
        DtlsSrtpProfile.AesCm128HmacSha1_80 or DtlsSrtpProfile.AeadAes128Gcm => 16,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP protection profile."),
    };

    /// <summary>Master salt length of <paramref name="profile"/> in bytes.</summary>
    public static int MasterSaltLength(DtlsSrtpProfile profile) => profile switch
    {
        DtlsSrtpProfile.AesCm128HmacSha1_80 => 14,
        DtlsSrtpProfile.AeadAes128Gcm => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP protection profile."),
    };
}
