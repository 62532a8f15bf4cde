namespace Orchestron.WebRtc.Srtp;

/// <summary>
/// The cipher and authentication of one protection profile, over packets whose index the caller has already
/// worked out. Encrypts in place and appends the profile's trailer.
/// </summary>
internal abstract class SrtpTransform : IDisposable
{
    /// <summary>The number of bytes after the SRTCP E+index word (the tag for AES-CM, none for GCM).</summary>
    public abstract int SrtcpBytesAfterIndex { get; }

    public abstract int ProtectRtp(Span<byte> buffer, int length, int headerLength, uint ssrc, ulong index);

    public abstract bool UnprotectRtp(Span<byte> buffer, int length, int headerLength, uint ssrc, ulong index, out int plainLength);

    public abstract int ProtectRtcp(Span<byte> buffer, int length, uint ssrc, uint srtcpIndex);

    public abstract bool UnprotectRtcp(Span<byte> buffer, int length, uint ssrc, uint srtcpIndex, bool encrypted, out int plainLength);

    public abstract void Dispose();

    public static SrtpTransform Create(SrtpSessionKeys keys) => keys.Profile switch
    {
        SrtpProtectionProfile.Aes128CmHmacSha1_80 => new AesCmHmacSha1Transform(keys),
        SrtpProtectionProfile.AeadAes128Gcm => new AesGcmTransform(keys),
        _ => throw new ArgumentOutOfRangeException(nameof(keys), keys.Profile, "Unsupported SRTP protection profile."),
    };
}
