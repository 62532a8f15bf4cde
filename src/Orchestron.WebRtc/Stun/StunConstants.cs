namespace Orchestron.WebRtc.Stun;

/// <summary>Fixed numbers of the STUN wire format (RFC 8489).</summary>
public static class StunConstants
{
    /// <summary>The magic cookie every RFC 5389/8489 message carries in bytes 4 to 7.</summary>
    public const uint MagicCookie = 0x2112A442;

    /// <summary>Length of the fixed message header.</summary>
    public const int HeaderLength = 20;

    /// <summary>Length of the transaction id.</summary>
    public const int TransactionIdLength = 12;

    /// <summary>Length of an attribute's type and length fields.</summary>
    public const int AttributeHeaderLength = 4;

    /// <summary>Length of the HMAC-SHA1 value of MESSAGE-INTEGRITY.</summary>
    public const int MessageIntegrityLength = 20;

    /// <summary>The value XORed into the CRC-32 of FINGERPRINT, so STUN is told apart from other protocols on one port.</summary>
    public const uint FingerprintXor = 0x5354554E;

    /// <summary>
    /// The largest message this implementation reads or writes. ICE checks are a few hundred bytes; a bound keeps
    /// integrity checks on the stack and malformed input cheap to reject.
    /// </summary>
    public const int MaxMessageLength = 2048;

    /// <summary>The most attributes one message may carry before it is rejected as malformed.</summary>
    public const int MaxAttributeCount = 64;
}
