namespace Orchestron.WebRtc.Srtp;

/// <summary>The key, salt and tag sizes of a protection profile, in bytes.</summary>
internal readonly record struct SrtpProfileParameters(
    int MasterKeyLength,
    int MasterSaltLength,
    int SessionAuthKeyLength,
    int RtpTagLength,
    int RtcpTagLength)
{
    /// <summary>What SRTP adds to an RTP packet: the authentication tag.</summary>
    public int RtpOverhead => RtpTagLength;

    /// <summary>What SRTCP adds to an RTCP packet: the E flag and index word, then the tag.</summary>
    public int RtcpOverhead => SrtcpIndexLength + RtcpTagLength;

    /// <summary>The size of the E flag plus 31-bit SRTCP index trailer.</summary>
    public const int SrtcpIndexLength = 4;

    /// <summary>Returns the sizes for <paramref name="profile"/>, or throws for an unknown profile.</summary>
    public static SrtpProfileParameters For(SrtpProtectionProfile profile) => profile switch
    {
        SrtpProtectionProfile.Aes128CmHmacSha1_80 => new(16, 14, 20, 10, 10),
        SrtpProtectionProfile.AeadAes128Gcm => new(16, 12, 0, 16, 16),
        _ => throw new ArgumentOutOfRangeException(
            nameof(profile),
            profile,
            $"Unsupported SRTP protection profile 0x{(int)profile:X4}; supported are Aes128CmHmacSha1_80 (0x0001) and AeadAes128Gcm (0x0007)."),
    };
}
