using System.Security.Cryptography;

namespace Orchestron.WebRtc.Srtp;

/// <summary>
/// The AES-CM pseudo-random function of RFC 3711 section 4.3, with a key derivation rate of zero (the only
/// rate DTLS-SRTP uses), so every session key is derived once from the master key and salt.
/// </summary>
/// <remarks>
/// RFC 7714 section 11 uses the same PRF for the AEAD profiles; their 96-bit master salt is extended with two
/// zero bytes to the 112 bits the PRF input needs.
/// </remarks>
internal static class SrtpKeyDerivation
{
    private const int PrfInputLength = 14;
    private const int LabelPosition = 7;

    internal const byte RtpEncryptionLabel = 0x00;
    internal const byte RtpAuthenticationLabel = 0x01;
    internal const byte RtpSaltLabel = 0x02;
    internal const byte RtcpEncryptionLabel = 0x03;
    internal const byte RtcpAuthenticationLabel = 0x04;
    internal const byte RtcpSaltLabel = 0x05;

    /// <summary>Derives all session keys of <paramref name="profile"/>; the inputs must already be validated.</summary>
    public static SrtpSessionKeys DeriveSessionKeys(SrtpProtectionProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        var sizes = SrtpProfileParameters.For(profile);
        using var prf = new AesCounterMode(masterKey);
        return new SrtpSessionKeys(
            profile,
            Derive(prf, masterSalt, RtpEncryptionLabel, sizes.MasterKeyLength),
            Derive(prf, masterSalt, RtpSaltLabel, sizes.MasterSaltLength),
            Derive(prf, masterSalt, RtpAuthenticationLabel, sizes.SessionAuthKeyLength),
            Derive(prf, masterSalt, RtcpEncryptionLabel, sizes.MasterKeyLength),
            Derive(prf, masterSalt, RtcpSaltLabel, sizes.MasterSaltLength),
            Derive(prf, masterSalt, RtcpAuthenticationLabel, sizes.SessionAuthKeyLength));
    }

    /// <summary>One PRF output: AES-CM keystream at IV = (label || index/kdr XOR master salt) * 2^16.</summary>
    internal static byte[] Derive(AesCounterMode prf, ReadOnlySpan<byte> masterSalt, byte label, int length)
    {
        Span<byte> iv = stackalloc byte[16];
        iv.Clear();
        masterSalt.CopyTo(iv[..PrfInputLength]);
        iv[LabelPosition] ^= label;

        var output = new byte[length];
        prf.Apply(iv, output);
        CryptographicOperations.ZeroMemory(iv);
        return output;
    }
}
