using Orchestron.WebRtc.Srtp;
using static Orchestron.WebRtc.Tests.Srtp.SrtpHex;

namespace Orchestron.WebRtc.Tests.Srtp;

/// <summary>
/// Known-answer tests: RFC 3711 Appendix B, RFC 7714 section 16, and packets protected by libsrtp (the
/// reference C implementation) with the same keys.
/// </summary>
public sealed class SrtpKnownAnswerTests
{
    [Fact]
    public void Aes_counter_mode_matches_the_rfc_3711_appendix_b2_keystream()
    {
        using var cipher = new AesCounterMode(Bytes("2B7E151628AED2A6ABF7158809CF4F3C"));
        var keystream = new byte[48];

        cipher.Apply(Bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000"), keystream);

        Assert.Equal(
            Bytes("E03EAD0935C95E80E166B16DD92B4EB4 D23513162B02D0F72A43A2FE4A5F97AB 41E95B3BB0A2E8DD477901E4FCA894C0"),
            keystream);
    }

    [Fact]
    public void Protecting_with_the_appendix_b2_session_keys_encrypts_zeros_to_the_b2_keystream()
    {
        // B.2's IV is the session salt with SSRC 0 and index 0, so a zero payload becomes the keystream itself.
        var keys = new SrtpSessionKeys(
            SrtpProtectionProfile.Aes128CmHmacSha1_80,
            Bytes("2B7E151628AED2A6ABF7158809CF4F3C"),
            Bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD"),
            new byte[20],
            new byte[16],
            new byte[14],
            new byte[20]);
        using var context = new SrtpContext(keys);
        var packet = new byte[12 + 48 + 10];
        packet[0] = 0x80;

        var length = context.Protect(packet, 60);

        Assert.Equal(70, length);
        Assert.Equal(
            Bytes("E03EAD0935C95E80E166B16DD92B4EB4 D23513162B02D0F72A43A2FE4A5F97AB 41E95B3BB0A2E8DD477901E4FCA894C0"),
            packet[12..60]);
    }

    [Fact]
    public void Key_derivation_matches_rfc_3711_appendix_b3()
    {
        var keys = SrtpKeyDerivation.DeriveSessionKeys(
            SrtpProtectionProfile.Aes128CmHmacSha1_80,
            Bytes("E1F97A0D3E018BE0D64FA32C06DE4139"),
            Bytes("0EC675AD498AFEEBB6960B3AABE6"));

        Assert.Equal(Bytes("C61E7A93744F39EE10734AFE3FF7A087"), keys.RtpCipherKey);
        Assert.Equal(Bytes("30CBBC08863D8C85D49DB34A9AE1"), keys.RtpSalt);
        Assert.Equal(Bytes("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4"), keys.RtpAuthKey);
    }

    [Fact]
    public void Aes_cm_rtp_and_rtcp_match_libsrtp_driver_packets()
    {
        // libsrtp's test/srtp_driver.c packets for the B.3 master key; libsrtp numbers its first SRTCP packet 1.
        using var context = new SrtpContext(
            SrtpProtectionProfile.Aes128CmHmacSha1_80,
            Bytes("E1F97A0D3E018BE0D64FA32C06DE4139"),
            Bytes("0EC675AD498AFEEBB6960B3AABE6"));

        var rtp = new byte[64];
        Bytes("800f1234decafbadcafebabeabababababababababababababababab").CopyTo(rtp, 0);
        var rtpLength = context.Protect(rtp, 28);
        Assert.Equal(Bytes("800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb"), rtp[..rtpLength]);

        var rtcp = new byte[64];
        Bytes("81c8000bcafebabeabababababababababababababababab").CopyTo(rtcp, 0);
        context.SetNextSrtcpIndex(0xcafebabe, 1);
        var rtcpLength = context.ProtectRtcp(rtcp, 24);
        Assert.Equal(Bytes("81c8000bcafebabe7128035be487b9bdbef89041f977a5a880000001993e08cd54d6c1230798"), rtcp[..rtcpLength]);
    }

    [Fact]
    public void Aes_cm_unprotects_libsrtp_driver_packets()
    {
        using var context = new SrtpContext(
            SrtpProtectionProfile.Aes128CmHmacSha1_80,
            Bytes("E1F97A0D3E018BE0D64FA32C06DE4139"),
            Bytes("0EC675AD498AFEEBB6960B3AABE6"));

        var rtp = Bytes("800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb");
        Assert.Equal(SrtpUnprotectResult.Success, context.Unprotect(rtp, rtp.Length, out var rtpLength));
        Assert.Equal(Bytes("800f1234decafbadcafebabeabababababababababababababababab"), rtp[..rtpLength]);

        var rtcp = Bytes("81c8000bcafebabe7128035be487b9bdbef89041f977a5a880000001993e08cd54d6c1230798");
        Assert.Equal(SrtpUnprotectResult.Success, context.UnprotectRtcp(rtcp, rtcp.Length, out var rtcpLength));
        Assert.Equal(Bytes("81c8000bcafebabeabababababababababababababababab"), rtcp[..rtcpLength]);
    }

    private static SrtpContext Rfc7714Context()
    {
        // RFC 7714's vectors start from session keys: the same key and salt serve SRTP and SRTCP.
        var key = Bytes("000102030405060708090a0b0c0d0e0f");
        var salt = Bytes("517569642070726f2071756f");
        return new SrtpContext(new SrtpSessionKeys(SrtpProtectionProfile.AeadAes128Gcm, key, salt, [], key, salt, []));
    }

    private const string Rfc7714RtpPlain =
        "8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973 20646976 69736120 696e2070 61727465 73207472 6573";

    private const string Rfc7714RtpProtected =
        "8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5 0d294e6f 42a5f47a 51c7d19b 36de3adf 8833"
        + "899d7f27 beb16a91 52cf765e e4390cce";

    private const string Rfc7714RtcpPlain =
        "81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61 deadbeef deadbeef deadbeef deadbeef deadbeef";

    private const string Rfc7714RtcpProtected =
        "81c8000d 4d617273 63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7 6c06f32d c676a5f1 730d6fda 4ce09b46 86303ded 0bb9275b"
        + "c84aa458 96cf4d2f c5abf872 45d9eade 800005d4";

    [Fact]
    public void Gcm_protects_the_rfc_7714_rtp_vector()
    {
        using var context = Rfc7714Context();
        var plain = Bytes(Rfc7714RtpPlain);
        var buffer = new byte[plain.Length + 16];
        plain.CopyTo(buffer, 0);

        var length = context.Protect(buffer, plain.Length);

        Assert.Equal(Bytes(Rfc7714RtpProtected), buffer[..length]);
    }

    [Fact]
    public void Gcm_unprotects_the_rfc_7714_rtp_vector()
    {
        using var context = Rfc7714Context();
        var buffer = Bytes(Rfc7714RtpProtected);

        Assert.Equal(SrtpUnprotectResult.Success, context.Unprotect(buffer, buffer.Length, out var length));
        Assert.Equal(Bytes(Rfc7714RtpPlain), buffer[..length]);
    }

    [Fact]
    public void Gcm_protects_the_rfc_7714_rtcp_vector()
    {
        using var context = Rfc7714Context();
        var plain = Bytes(Rfc7714RtcpPlain);
        var buffer = new byte[plain.Length + 20];
        plain.CopyTo(buffer, 0);
        context.SetNextSrtcpIndex(0x4d617273, 0x5d4);

        var length = context.ProtectRtcp(buffer, plain.Length);

        Assert.Equal(Bytes(Rfc7714RtcpProtected), buffer[..length]);
    }

    [Fact]
    public void Gcm_unprotects_the_rfc_7714_rtcp_vector()
    {
        using var context = Rfc7714Context();
        var buffer = Bytes(Rfc7714RtcpProtected);

        Assert.Equal(SrtpUnprotectResult.Success, context.UnprotectRtcp(buffer, buffer.Length, out var length));
        Assert.Equal(Bytes(Rfc7714RtcpPlain), buffer[..length]);
    }

    [Theory]
    [InlineData(
        SrtpProtectionProfile.AeadAes128Gcm,
        "a0a1a2a3a4a5a6a7a8a9aaab",
        "80e01234000003c0cafebabe6eaa8776ab6170821ab3f8402fac05ca7a8b1d62c9fa0bfaba0bcc0385f069f957c3939ba837b74af3974166a15783820bc72d922b174f93",
        "81c90007cafebabe730213b25b9281fb2e80c67e0725dba4c96e0ce880f91124e8fd8659866b11bdef5494005811db9d80000001")]
    [InlineData(
        SrtpProtectionProfile.Aes128CmHmacSha1_80,
        "a0a1a2a3a4a5a6a7a8a9aaabacad",
        "80e01234000003c0cafebabe49727627d5db7b2460f28f4e650f25c2476aeab605db30ffc092b3ae63666cfc7ffde11beb32123681d1c796204632d625ec",
        "81c90007cafebabeecfd27ee2a966bcc07b65ca8f4dc6d0910068a5857db7bd480000001c5c99f35c1ac0e5ada9d")]
    public void Master_key_derivation_matches_packets_protected_by_libsrtp(SrtpProtectionProfile profile, string masterSalt, string expectedRtp, string expectedRtcp)
    {
        // Expected bytes were produced by libsrtp 2 (Debian's python3-pylibsrtp 0.8.0) from the same master key
        // and salt; RFC 7714 gives no vector for its key derivation, so this is the check of the AEAD KDF.
        using var context = new SrtpContext(profile, Bytes("000102030405060708090a0b0c0d0e0f"), Bytes(masterSalt));
        var rtp = new byte[128];
        Bytes("80e01234000003c0cafebabe").CopyTo(rtp, 0);
        for (var i = 0; i < 40; i++)
        {
            rtp[12 + i] = (byte)i;
        }

        var rtpLength = context.Protect(rtp, 52);
        Assert.Equal(Bytes(expectedRtp), rtp[..rtpLength]);

        var rtcp = new byte[128];
        Bytes("81c90007cafebabe1122334400000005000001f40000002a00000000aabbccdd").CopyTo(rtcp, 0);
        context.SetNextSrtcpIndex(0xcafebabe, 1);
        var rtcpLength = context.ProtectRtcp(rtcp, 32);
        Assert.Equal(Bytes(expectedRtcp), rtcp[..rtcpLength]);
    }
}
