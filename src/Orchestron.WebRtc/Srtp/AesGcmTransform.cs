using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Orchestron.WebRtc.Srtp;

/// <summary>
/// AEAD_AES_128_GCM (RFC 7714): the header (and for SRTCP the E+index word) is associated data, the payload
/// is encrypted, and a 128-bit tag follows the ciphertext.
/// </summary>
internal sealed class AesGcmTransform : SrtpTransform
{
    private const int TagLength = 16;
    private const int NonceLength = 12;
    private const int RtcpHeaderLength = 8;
    private const uint EncryptedFlag = 0x8000_0000;

    private readonly AesGcm _rtpCipher;
    private readonly AesGcm _rtcpCipher;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;

    public AesGcmTransform(SrtpSessionKeys keys)
    {
        _rtpCipher = new AesGcm(keys.RtpCipherKey, TagLength);
        _rtcpCipher = new AesGcm(keys.RtcpCipherKey, TagLength);
        _rtpSalt = (byte[])keys.RtpSalt.Clone();
        _rtcpSalt = (byte[])keys.RtcpSalt.Clone();
    }

    public override int SrtcpBytesAfterIndex => 0;

    public override int ProtectRtp(Span<byte> buffer, int length, int headerLength, uint ssrc, ulong index)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtpNonce(ssrc, index, nonce);
        var payload = buffer[headerLength..length];
        _rtpCipher.Encrypt(nonce, payload, payload, buffer.Slice(length, TagLength), buffer[..headerLength]);
        return length + TagLength;
    }

    public override bool UnprotectRtp(Span<byte> buffer, int length, int headerLength, uint ssrc, ulong index, out int plainLength)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtpNonce(ssrc, index, nonce);
        plainLength = length - TagLength;
        var ciphertext = buffer[headerLength..plainLength];
        return TryDecrypt(_rtpCipher, nonce, ciphertext, buffer.Slice(plainLength, TagLength), buffer[..headerLength], ref plainLength);
    }

    public override int ProtectRtcp(Span<byte> buffer, int length, uint ssrc, uint srtcpIndex)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtcpNonce(ssrc, srtcpIndex, nonce);
        Span<byte> associated = stackalloc byte[RtcpHeaderLength + SrtpProfileParameters.SrtcpIndexLength];
        buffer[..RtcpHeaderLength].CopyTo(associated);
        BinaryPrimitives.WriteUInt32BigEndian(associated[RtcpHeaderLength..], srtcpIndex | EncryptedFlag);

        var payload = buffer[RtcpHeaderLength..length];
        _rtcpCipher.Encrypt(nonce, payload, payload, buffer.Slice(length, TagLength), associated);
        associated[RtcpHeaderLength..].CopyTo(buffer.Slice(length + TagLength, SrtpProfileParameters.SrtcpIndexLength));
        return length + TagLength + SrtpProfileParameters.SrtcpIndexLength;
    }

    public override bool UnprotectRtcp(Span<byte> buffer, int length, uint ssrc, uint srtcpIndex, bool encrypted, out int plainLength)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtcpNonce(ssrc, srtcpIndex, nonce);
        var indexOffset = length - SrtpProfileParameters.SrtcpIndexLength;
        plainLength = indexOffset - TagLength;

        if (encrypted)
        {
            Span<byte> associated = stackalloc byte[RtcpHeaderLength + SrtpProfileParameters.SrtcpIndexLength];
            buffer[..RtcpHeaderLength].CopyTo(associated);
            buffer.Slice(indexOffset, SrtpProfileParameters.SrtcpIndexLength).CopyTo(associated[RtcpHeaderLength..]);
            return TryDecrypt(_rtcpCipher, nonce, buffer[RtcpHeaderLength..plainLength], buffer.Slice(plainLength, TagLength), associated, ref plainLength);
        }

        // Unencrypted SRTCP (RFC 7714 section 9.2) authenticates the whole packet followed by the index word:
        // moving the index word over the tag makes that associated data contiguous without a copy of the packet.
        Span<byte> tag = stackalloc byte[TagLength];
        buffer.Slice(plainLength, TagLength).CopyTo(tag);
        buffer.Slice(indexOffset, SrtpProfileParameters.SrtcpIndexLength).CopyTo(buffer.Slice(plainLength, SrtpProfileParameters.SrtcpIndexLength));
        var associatedData = buffer[..(plainLength + SrtpProfileParameters.SrtcpIndexLength)];
        return TryDecrypt(_rtcpCipher, nonce, [], tag, associatedData, ref plainLength);
    }

    private static bool TryDecrypt(AesGcm cipher, ReadOnlySpan<byte> nonce, Span<byte> ciphertext, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> associatedData, ref int plainLength)
    {
        try
        {
            cipher.Decrypt(nonce, ciphertext, tag, ciphertext, associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            // .NET offers no non-throwing GCM decrypt; a forged packet is an expected event, not an error.
            plainLength = 0;
            return false;
        }
    }

    /// <summary>IV = (0x0000 || SSRC || ROC || SEQ) XOR salt, RFC 7714 section 8.1.</summary>
    private void BuildRtpNonce(uint ssrc, ulong index, Span<byte> nonce)
    {
        nonce.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(nonce.Slice(2, 4), ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce.Slice(6, 4), (uint)(index >> 16));
        BinaryPrimitives.WriteUInt16BigEndian(nonce.Slice(10, 2), (ushort)index);
        Xor(nonce, _rtpSalt);
    }

    /// <summary>IV = (0x0000 || SSRC || 0x0000 || 0 || SRTCP index) XOR salt, RFC 7714 section 9.1.</summary>
    private void BuildRtcpNonce(uint ssrc, uint srtcpIndex, Span<byte> nonce)
    {
        nonce.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(nonce.Slice(2, 4), ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce.Slice(8, 4), srtcpIndex & ~EncryptedFlag);
        Xor(nonce, _rtcpSalt);
    }

    private static void Xor(Span<byte> target, ReadOnlySpan<byte> salt)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] ^= salt[i];
        }
    }

    public override void Dispose()
    {
        _rtpCipher.Dispose();
        _rtcpCipher.Dispose();
        CryptographicOperations.ZeroMemory(_rtpSalt);
        CryptographicOperations.ZeroMemory(_rtcpSalt);
    }
}
