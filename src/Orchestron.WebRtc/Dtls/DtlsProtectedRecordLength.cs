using System.Buffers.Binary;

namespace Orchestron.WebRtc.Dtls;

/// <summary>
/// The shortest record a cipher suite can produce once encryption is on. OpenSSL treats a shorter record in the
/// current epoch as a fatal error, although it carries no authentication at all: anyone able to spoof the peer's
/// address could end the association with 14 bytes, and the real close_notify that followed would never be read.
/// RFC 6347 section 4.1.2.7 lets invalid records be dropped, so such records are dropped before OpenSSL sees them.
/// </summary>
internal static class DtlsProtectedRecordLength
{
    private const int EpochOffset = 3;

    /// <summary>
    /// The minimum body length of a protected record for the suite OpenSSL names <paramref name="cipherName"/>:
    /// AES-GCM/CCM carry an 8-byte explicit nonce and a 16-byte tag; ChaCha20-Poly1305 a 16-byte tag and at least
    /// one byte; CBC suites a 16-byte IV and at least two 16-byte blocks (content, a MAC of at least 20 bytes, padding).
    /// </summary>
    internal static int For(string? cipherName) => cipherName switch
    {
        null => 0,
        _ when cipherName.Contains("GCM", StringComparison.Ordinal) || cipherName.Contains("CCM", StringComparison.Ordinal) => 24,
        _ when cipherName.Contains("CHACHA20", StringComparison.Ordinal) => 17,
        _ => 48,
    };

    /// <summary>Whether <paramref name="datagram"/> (whole records, framing already checked) holds an encrypted-epoch record shorter than <paramref name="minimum"/>.</summary>
    internal static bool HasTooShortProtectedRecord(ReadOnlySpan<byte> datagram, int minimum)
    {
        while (datagram.Length >= DtlsRecordFraming.HeaderLength)
        {
            var length = DtlsRecordFraming.RecordLength(datagram);
            var epoch = BinaryPrimitives.ReadUInt16BigEndian(datagram[EpochOffset..]);
            if (epoch != 0 && length - DtlsRecordFraming.HeaderLength < minimum)
            {
                return true;
            }

            datagram = datagram[length..];
        }

        return false;
    }
}
