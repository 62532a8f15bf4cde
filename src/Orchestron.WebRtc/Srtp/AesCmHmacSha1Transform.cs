using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Orchestron.WebRtc.Srtp;

/// <summary>
/// AES_CM_128_HMAC_SHA1_80 (RFC 3711): AES counter-mode encryption of the payload and an 80-bit HMAC-SHA1 tag
/// over the header, the encrypted payload and the rollover counter (RTP) or SRTCP index (RTCP).
/// </summary>
internal sealed class AesCmHmacSha1Transform : SrtpTransform
{
    private const int TagLength = 10;
    private const int RtcpHeaderLength = 8;
    private const int IvLength = 16;
    private const uint EncryptedFlag = 0x8000_0000;

    private readonly AesCounterMode _rtpCipher;
    private readonly AesCounterMode _rtcpCipher;
    private readonly IncrementalHash _rtpMac;
    private readonly IncrementalHash _rtcpMac;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;

    public AesCmHmacSha1Transform(SrtpSessionKeys keys)
    {
        _rtpCipher = new AesCounterMode(keys.RtpCipherKey);
        _rtcpCipher = new AesCounterMode(keys.RtcpCipherKey);
        _rtpMac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, keys.RtpAuthKey);
        _rtcpMac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, keys.RtcpAuthKey);
        _rtpSalt = (byte[])keys.RtpSalt.Clone();
        _rtcpSalt = (byte[])keys.RtcpSalt.Clone();
    }

    public override int SrtcpBytesAfterIndex => TagLength;

    public override int ProtectRtp(Span<byte> buffer, int length, int headerLength, uint ssrc, ulong index)
    {
        Span<byte> iv = stackalloc byte[IvLength];
        BuildIv(_rtpSalt, ssrc, index, iv);
        _rtpCipher.Apply(iv, buffer[headerLength..length]);
        WriteRtpTag(buffer[..length], (uint)(index >> 16), buffer.Slice(length, TagLength));
        return length + TagLength;
    }

    public override bool UnprotectRtp(Span<byte> buffer, int length, int headerLength, uint ssrc, ulong index, out int plainLength)
    {
        plainLength = length - TagLength;
        Span<byte> expected = stackalloc byte[TagLength];
        WriteRtpTag(buffer[..plainLength], (uint)(index >> 16), expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, buffer.Slice(plainLength, TagLength)))
        {
            plainLength = 0;
            return false;
        }

        Span<byte> iv = stackalloc byte[IvLength];
        BuildIv(_rtpSalt, ssrc, index, iv);
        _rtpCipher.Apply(iv, buffer[headerLength..plainLength]);
        return true;
    }

    public override int ProtectRtcp(Span<byte> buffer, int length, uint ssrc, uint srtcpIndex)
    {
        Span<byte> iv = stackalloc byte[IvLength];
        BuildIv(_rtcpSalt, ssrc, srtcpIndex, iv);
        _rtcpCipher.Apply(iv, buffer[RtcpHeaderLength..length]);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.Slice(length, SrtpProfileParameters.SrtcpIndexLength), srtcpIndex | EncryptedFlag);
        var authenticated = length + SrtpProfileParameters.SrtcpIndexLength;
        WriteRtcpTag(buffer[..authenticated], buffer.Slice(authenticated, TagLength));
        return authenticated + TagLength;
    }

    public override bool UnprotectRtcp(Span<byte> buffer, int length, uint ssrc, uint srtcpIndex, bool encrypted, out int plainLength)
    {
        var authenticated = length - TagLength;
        Span<byte> expected = stackalloc byte[TagLength];
        WriteRtcpTag(buffer[..authenticated], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, buffer.Slice(authenticated, TagLength)))
        {
            plainLength = 0;
            return false;
        }

        plainLength = authenticated - SrtpProfileParameters.SrtcpIndexLength;
        if (encrypted)
        {
            Span<byte> iv = stackalloc byte[IvLength];
            BuildIv(_rtcpSalt, ssrc, srtcpIndex, iv);
            _rtcpCipher.Apply(iv, buffer[RtcpHeaderLength..plainLength]);
        }

        return true;
    }

    /// <summary>IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16), RFC 3711 section 4.1.1.</summary>
    private static void BuildIv(ReadOnlySpan<byte> salt, uint ssrc, ulong index, Span<byte> iv)
    {
        iv.Clear();

        // The 48-bit index fills bytes 8..13; writing it as 64 bits at byte 6 zeroes bytes 6..7, which the
        // SSRC written next then covers.
        BinaryPrimitives.WriteUInt64BigEndian(iv.Slice(6, 8), index & 0xFFFF_FFFF_FFFFUL);
        BinaryPrimitives.WriteUInt32BigEndian(iv.Slice(4, 4), ssrc);
        for (var i = 0; i < salt.Length; i++)
        {
            iv[i] ^= salt[i];
        }
    }

    private void WriteRtpTag(ReadOnlySpan<byte> authenticated, uint rolloverCounter, Span<byte> tag)
    {
        Span<byte> roc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(roc, rolloverCounter);
        Span<byte> mac = stackalloc byte[20];
        _rtpMac.AppendData(authenticated);
        _rtpMac.AppendData(roc);
        _rtpMac.TryGetHashAndReset(mac, out _);
        mac[..TagLength].CopyTo(tag);
    }

    private void WriteRtcpTag(ReadOnlySpan<byte> authenticated, Span<byte> tag)
    {
        Span<byte> mac = stackalloc byte[20];
        _rtcpMac.AppendData(authenticated);
        _rtcpMac.TryGetHashAndReset(mac, out _);
        mac[..TagLength].CopyTo(tag);
    }

    public override void Dispose()
    {
        _rtpCipher.Dispose();
        _rtcpCipher.Dispose();
        _rtpMac.Dispose();
        _rtcpMac.Dispose();
        CryptographicOperations.ZeroMemory(_rtpSalt);
        CryptographicOperations.ZeroMemory(_rtcpSalt);
    }
}
