using Orchestron.WebRtc.Srtp;

namespace Orchestron.WebRtc.Tests.Srtp;

/// <summary>Bad keys and bad packets: clear exceptions for the caller's mistakes, result codes for the network's.</summary>
public sealed class SrtpInputValidationTests
{
    [Theory]
    [InlineData(SrtpProtectionProfile.Aes128CmHmacSha1_80, 15, 14, "master key must be 16 bytes, not 15")]
    [InlineData(SrtpProtectionProfile.Aes128CmHmacSha1_80, 16, 12, "master salt must be 14 bytes, not 12")]
    [InlineData(SrtpProtectionProfile.AeadAes128Gcm, 16, 14, "master salt must be 12 bytes, not 14")]
    public void Wrong_key_or_salt_length_names_the_expected_length(SrtpProtectionProfile profile, int keyLength, int saltLength, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => new SrtpContext(profile, new byte[keyLength], new byte[saltLength]));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_profile_throws()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SrtpContext((SrtpProtectionProfile)2, new byte[16], new byte[14]));
        Assert.Contains("0x0002", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Protecting_without_room_for_the_tag_throws_naming_the_needed_size()
    {
        using var context = new SrtpContext(SrtpProtectionProfile.AeadAes128Gcm, new byte[16], new byte[12]);
        var buffer = new byte[40];
        buffer[0] = 0x80;

        var error = Assert.Throws<ArgumentException>(() => context.Protect(buffer, 30));
        Assert.Contains("needs 46", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Protecting_what_is_not_rtp_throws()
    {
        using var context = new SrtpContext(SrtpProtectionProfile.AeadAes128Gcm, new byte[16], new byte[12]);
        var buffer = new byte[64];
        buffer[0] = 0x40; // version 1

        Assert.Throws<ArgumentException>(() => context.Protect(buffer, 20));
        buffer[0] = 0x8F; // 15 CSRCs do not fit in 20 bytes
        Assert.Throws<ArgumentException>(() => context.Protect(buffer, 20));
    }

    [Theory]
    [InlineData(SrtpProtectionProfile.Aes128CmHmacSha1_80)]
    [InlineData(SrtpProtectionProfile.AeadAes128Gcm)]
    public void Unprotecting_random_and_truncated_input_returns_a_failure_and_never_throws(SrtpProtectionProfile profile)
    {
        var salt = new byte[profile == SrtpProtectionProfile.AeadAes128Gcm ? 12 : 14];
        using var context = new SrtpContext(profile, new byte[16], salt);
        var random = new Random(1234);
        var buffer = new byte[300];

        for (var n = 0; n < 20_000; n++)
        {
            random.NextBytes(buffer);
            if (n % 2 == 0)
            {
                buffer[0] = (byte)(0x80 | (buffer[0] & 0x3F)); // mostly plausible version-2 headers
            }

            var length = random.Next(0, buffer.Length + 1);
            Assert.NotEqual(SrtpUnprotectResult.Success, context.Unprotect(buffer, length, out _));
            Assert.NotEqual(SrtpUnprotectResult.Success, context.UnprotectRtcp(buffer, length, out _));
        }

        Assert.Equal(SrtpUnprotectResult.Malformed, context.Unprotect(buffer, buffer.Length + 1, out _));
        Assert.Equal(SrtpUnprotectResult.Malformed, context.UnprotectRtcp(buffer, -1, out _));
    }
}
