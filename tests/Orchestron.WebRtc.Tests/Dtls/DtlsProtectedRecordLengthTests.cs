using Orchestron.WebRtc.Dtls;

namespace Orchestron.WebRtc.Tests.Dtls;

public sealed class DtlsProtectedRecordLengthTests
{
    [Theory]
    [InlineData(null, 0)]
    [InlineData("ECDHE-ECDSA-AES128-GCM-SHA256", 24)]
    [InlineData("ECDHE-ECDSA-AES256-CCM", 24)]
    [InlineData("ECDHE-ECDSA-CHACHA20-POLY1305", 17)]
    [InlineData("ECDHE-ECDSA-AES128-SHA", 48)]
    public void The_minimum_is_what_the_suites_nonce_tag_or_blocks_take(string? cipher, int minimum) =>
        Assert.Equal(minimum, DtlsProtectedRecordLength.For(cipher));

    [Fact]
    public void Only_encrypted_epoch_records_below_the_minimum_are_flagged()
    {
        byte[] plainShort = [22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 1, 2];
        byte[] encryptedShort = [23, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 1, 0, 2, 1, 2];
        var encryptedLong = new byte[13 + 24];
        encryptedLong[0] = 23;
        encryptedLong[1] = 0xFE;
        encryptedLong[2] = 0xFD;
        encryptedLong[4] = 1;
        encryptedLong[12] = 24;

        Assert.False(DtlsProtectedRecordLength.HasTooShortProtectedRecord(plainShort, 24));
        Assert.True(DtlsProtectedRecordLength.HasTooShortProtectedRecord(encryptedShort, 24));
        Assert.False(DtlsProtectedRecordLength.HasTooShortProtectedRecord(encryptedLong, 24));
        Assert.True(DtlsProtectedRecordLength.HasTooShortProtectedRecord([.. encryptedLong, .. encryptedShort], 24));
        Assert.False(DtlsProtectedRecordLength.HasTooShortProtectedRecord(encryptedShort, 0));
    }
}
