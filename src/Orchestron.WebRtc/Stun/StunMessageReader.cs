using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;

namespace Orchestron.WebRtc.Stun;

/// <summary>
/// A validated view of one STUN message in a caller's buffer. Parsing checks the header and every attribute's
/// bounds once, so the accessors below never read past the message; nothing is copied or allocated.
/// </summary>
/// <remarks>
/// Attributes after MESSAGE-INTEGRITY (other than FINGERPRINT) are invisible, as RFC 8489 section 14.5 requires,
/// and a FINGERPRINT that is not the last attribute makes the message malformed.
/// </remarks>
public readonly ref struct StunMessageReader
{
    private readonly ReadOnlySpan<byte> _message;
    private readonly int _integrityOffset;
    private readonly int _fingerprintOffset;

    private StunMessageReader(ReadOnlySpan<byte> message, int integrityOffset, int fingerprintOffset)
    {
        _message = message;
        _integrityOffset = integrityOffset;
        _fingerprintOffset = fingerprintOffset;
    }

    /// <summary>The raw 16-bit message type (method and class).</summary>
    public ushort RawMessageType => BinaryPrimitives.ReadUInt16BigEndian(_message);

    /// <summary>The message type; compare with <see cref="StunMessageType"/> values.</summary>
    public StunMessageType MessageType => (StunMessageType)RawMessageType;

    /// <summary>The 96-bit transaction id.</summary>
    public ReadOnlySpan<byte> TransactionId => _message.Slice(8, StunConstants.TransactionIdLength);

    /// <summary>The whole message.</summary>
    public ReadOnlySpan<byte> Message => _message;

    /// <summary>Whether the message carries MESSAGE-INTEGRITY.</summary>
    public bool HasMessageIntegrity => _integrityOffset >= 0;

    /// <summary>Whether the message ends with FINGERPRINT.</summary>
    public bool HasFingerprint => _fingerprintOffset >= 0;

    /// <summary>
    /// Returns true when <paramref name="datagram"/> is exactly one well-formed STUN message: top bits zero, the magic
    /// cookie, a length that is a multiple of four and matches the datagram, and attributes that fit it.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, out StunMessageReader message)
    {
        message = default;
        if (datagram.Length < StunConstants.HeaderLength || datagram.Length > StunConstants.MaxMessageLength)
        {
            return false;
        }

        if ((datagram[0] & 0xC0) != 0 || BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) != StunConstants.MagicCookie)
        {
            return false;
        }

        int bodyLength = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        if ((bodyLength & 3) != 0 || StunConstants.HeaderLength + bodyLength != datagram.Length)
        {
            return false;
        }

        var integrityOffset = -1;
        var fingerprintOffset = -1;
        var offset = StunConstants.HeaderLength;
        var count = 0;
        while (offset < datagram.Length)
        {
            if (++count > StunConstants.MaxAttributeCount || fingerprintOffset >= 0)
            {
                return false;
            }

            if (datagram.Length - offset < StunConstants.AttributeHeaderLength)
            {
                return false;
            }

            var type = (StunAttributeType)BinaryPrimitives.ReadUInt16BigEndian(datagram[offset..]);
            int length = BinaryPrimitives.ReadUInt16BigEndian(datagram[(offset + 2)..]);
            var padded = (length + 3) & ~3;
            if (padded > datagram.Length - offset - StunConstants.AttributeHeaderLength)
            {
                return false;
            }

            if (type == StunAttributeType.MessageIntegrity && integrityOffset < 0)
            {
                if (length != StunConstants.MessageIntegrityLength)
                {
                    return false;
                }

                integrityOffset = offset;
            }
            else if (type == StunAttributeType.Fingerprint)
            {
                if (length != 4)
                {
                    return false;
                }

                fingerprintOffset = offset;
            }

            offset += StunConstants.AttributeHeaderLength + padded;
        }

        message = new StunMessageReader(datagram, integrityOffset, fingerprintOffset);
        return true;
    }

    /// <summary>
    /// Finds the first attribute of <paramref name="type"/> that precedes MESSAGE-INTEGRITY (the protected part),
    /// or the integrity or fingerprint attribute itself.
    /// </summary>
    public bool TryGetAttribute(StunAttributeType type, out ReadOnlySpan<byte> value)
    {
        var offset = StunConstants.HeaderLength;
        while (offset < _message.Length)
        {
            var current = (StunAttributeType)BinaryPrimitives.ReadUInt16BigEndian(_message[offset..]);
            int length = BinaryPrimitives.ReadUInt16BigEndian(_message[(offset + 2)..]);
            var visible = _integrityOffset < 0 || offset <= _integrityOffset || offset == _fingerprintOffset;
            if (current == type && visible)
            {
                value = _message.Slice(offset + StunConstants.AttributeHeaderLength, length);
                return true;
            }

            offset += StunConstants.AttributeHeaderLength + ((length + 3) & ~3);
        }

        value = default;
        return false;
    }

    /// <summary>Whether an attribute of <paramref name="type"/> is present (e.g. the empty USE-CANDIDATE).</summary>
    public bool HasAttribute(StunAttributeType type) => TryGetAttribute(type, out _);

    /// <summary>Reads a 32-bit attribute such as PRIORITY.</summary>
    public bool TryGetUInt32(StunAttributeType type, out uint value)
    {
        if (TryGetAttribute(type, out var raw) && raw.Length == 4)
        {
            value = BinaryPrimitives.ReadUInt32BigEndian(raw);
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>Reads a 64-bit attribute such as the tie-breaker of ICE-CONTROLLING.</summary>
    public bool TryGetUInt64(StunAttributeType type, out ulong value)
    {
        if (TryGetAttribute(type, out var raw) && raw.Length == 8)
        {
            value = BinaryPrimitives.ReadUInt64BigEndian(raw);
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>Reads ERROR-CODE as its numeric code (class x 100 + number) and UTF-8 reason phrase.</summary>
    public bool TryGetErrorCode(out int code, out ReadOnlySpan<byte> reason)
    {
        if (TryGetAttribute(StunAttributeType.ErrorCode, out var raw) && raw.Length >= 4)
        {
            code = ((raw[2] & 0x07) * 100) + raw[3];
            reason = raw[4..];
            return true;
        }

        code = 0;
        reason = default;
        return false;
    }

    /// <summary>Decodes XOR-MAPPED-ADDRESS (IPv4 or IPv6).</summary>
    public bool TryGetXorMappedAddress(out IPEndPoint? endPoint) => TryGetXorAddress(StunAttributeType.XorMappedAddress, out endPoint);

    /// <summary>Decodes an address attribute in XOR-MAPPED-ADDRESS's encoding (TURN's XOR-RELAYED-ADDRESS, XOR-PEER-ADDRESS).</summary>
    public bool TryGetXorAddress(StunAttributeType type, out IPEndPoint? endPoint)
    {
        endPoint = null;
        if (!TryGetAttribute(type, out var raw) || raw.Length < 8)
        {
            return false;
        }

        var family = raw[1];
        var port = BinaryPrimitives.ReadUInt16BigEndian(raw[2..]) ^ (ushort)(StunConstants.MagicCookie >> 16);
        Span<byte> address = stackalloc byte[16];
        int addressLength;
        if (family == 0x01 && raw.Length == 8)
        {
            addressLength = 4;
        }
        else if (family == 0x02 && raw.Length == 20)
        {
            addressLength = 16;
        }
        else
        {
            return false;
        }

        Span<byte> mask = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(mask, StunConstants.MagicCookie);
        TransactionId.CopyTo(mask[4..]);
        for (var i = 0; i < addressLength; i++)
        {
            address[i] = (byte)(raw[4 + i] ^ mask[i]);
        }

        endPoint = new IPEndPoint(new IPAddress(address[..addressLength]), port);
        return true;
    }

    /// <summary>
    /// Checks FINGERPRINT: the CRC-32 of everything before it, XOR 0x5354554E. False when the attribute is absent.
    /// </summary>
    public bool VerifyFingerprint()
    {
        if (_fingerprintOffset < 0)
        {
            return false;
        }

        var expected = Crc32.Compute(_message[.._fingerprintOffset]) ^ StunConstants.FingerprintXor;
        var actual = BinaryPrimitives.ReadUInt32BigEndian(_message[(_fingerprintOffset + StunConstants.AttributeHeaderLength)..]);
        return expected == actual;
    }

    /// <summary>
    /// Checks MESSAGE-INTEGRITY with a short-term credential <paramref name="key"/> (the password's UTF-8 bytes).
    /// The HMAC covers the message up to the attribute, with the header length counting up to its end, as if any
    /// FINGERPRINT after it were absent. False when the attribute is absent or does not match.
    /// </summary>
    public bool VerifyMessageIntegrity(ReadOnlySpan<byte> key)
    {
        if (_integrityOffset < 0)
        {
            return false;
        }

        Span<byte> covered = stackalloc byte[StunConstants.MaxMessageLength];
        covered = covered[.._integrityOffset];
        _message[.._integrityOffset].CopyTo(covered);
        var lengthThroughIntegrity = _integrityOffset + StunConstants.AttributeHeaderLength + StunConstants.MessageIntegrityLength
            - StunConstants.HeaderLength;
        BinaryPrimitives.WriteUInt16BigEndian(covered[2..], (ushort)lengthThroughIntegrity);

        Span<byte> mac = stackalloc byte[StunConstants.MessageIntegrityLength];
        HMACSHA1.HashData(key, covered, mac);
        var actual = _message.Slice(_integrityOffset + StunConstants.AttributeHeaderLength, StunConstants.MessageIntegrityLength);
        return CryptographicOperations.FixedTimeEquals(mac, actual);
    }

    /// <summary>Whether the first byte of <paramref name="datagram"/> and its cookie say it is STUN at all.</summary>
    public static bool LooksLikeStun(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= StunConstants.HeaderLength && (datagram[0] & 0xC0) == 0
        && BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) == StunConstants.MagicCookie;
}
