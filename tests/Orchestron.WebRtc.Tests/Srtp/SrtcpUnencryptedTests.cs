using System.Buffers.Binary;
using System.Security.Cryptography;
using Orchestron.WebRtc.Srtp;

namespace Orchestron.WebRtc.Tests.Srtp;

/// <summary>
/// SRTCP packets a peer sends authenticated but not encrypted (E flag clear), built here straight from
/// RFC 3711 section 3.4 and RFC 7714 section 9.2 with .NET's primitives.
/// </summary>
public sealed class SrtcpUnencryptedTests
{
    private static readonly byte[] CipherKey = Enumerable.Range(0, 16).Select(i => (byte)(0x20 + i)).ToArray();
    private static readonly byte[] AuthKey = Enumerable.Range(0, 20).Select(i => (byte)(0x40 + i)).ToArray();
    private static readonly byte[] Salt14 = Enumerable.Range(0, 14).Select(i => (byte)(0x60 + i)).ToArray();
    private static readonly byte[] Salt12 = Salt14[..12];

    private static byte[] ReceiverReport()
    {
        var packet = new byte[32];
        packet[0] = 0x81;
        packet[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 7);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), 0x0BADF00D);
        packet.AsSpan(8).Fill(0x77);
        return packet;
    }

    [Fact]
    public void Aes_cm_authenticated_only_srtcp_is_accepted_and_left_as_is()
    {
        var keys = new SrtpSessionKeys(SrtpProtectionProfile.Aes128CmHmacSha1_80, CipherKey, Salt14, AuthKey, CipherKey, Salt14, AuthKey);
        using var context = new SrtpContext(keys);
        var plain = ReceiverReport();
        var authenticated = plain.Concat(new byte[] { 0x00, 0x00, 0x00, 0x09 }).ToArray(); // E=0, index 9
        var tag = HMACSHA1.HashData(AuthKey, authenticated)[..10];
        var wire = authenticated.Concat(tag).ToArray();

        var tampered = (byte[])wire.Clone();
        tampered[20] ^= 0x01;
        Assert.Equal(SrtpUnprotectResult.AuthenticationFailed, context.UnprotectRtcp(tampered, tampered.Length, out _));

        Assert.Equal(SrtpUnprotectResult.Success, context.UnprotectRtcp(wire, wire.Length, out var length));
        Assert.Equal(plain, wire[..length]);
    }

    [Fact]
    public void Gcm_authenticated_only_srtcp_is_accepted_and_left_as_is()
    {
        var keys = new SrtpSessionKeys(SrtpProtectionProfile.AeadAes128Gcm, CipherKey, Salt12, [], CipherKey, Salt12, []);
        using var context = new SrtpContext(keys);
        var plain = ReceiverReport();
        var indexWord = new byte[] { 0x00, 0x00, 0x00, 0x09 };
        var nonce = new byte[12];
        BinaryPrimitives.WriteUInt32BigEndian(nonce.AsSpan(2), 0x0BADF00D);
        BinaryPrimitives.WriteUInt32BigEndian(nonce.AsSpan(8), 9);
        for (var i = 0; i < 12; i++)
        {
            nonce[i] ^= Salt12[i];
        }

        var tag = new byte[16];
        using (var gcm = new AesGcm(CipherKey, 16))
        {
            gcm.Encrypt(nonce, Array.Empty<byte>(), Array.Empty<byte>(), tag, plain.Concat(indexWord).ToArray());
        }

        var wire = plain.Concat(tag).Concat(indexWord).ToArray();

        var tampered = (byte[])wire.Clone();
        tampered[12] ^= 0x80;
        Assert.Equal(SrtpUnprotectResult.AuthenticationFailed, context.UnprotectRtcp(tampered, tampered.Length, out _));

        Assert.Equal(SrtpUnprotectResult.Success, context.UnprotectRtcp(wire, wire.Length, out var length));
        Assert.Equal(plain, wire[..length]);
    }
}
