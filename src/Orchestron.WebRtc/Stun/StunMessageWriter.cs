using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Orchestron.WebRtc.Stun;

/// <summary>
/// Writes one STUN message into a caller's buffer, attribute by attribute, keeping the header's length current so
/// MESSAGE-INTEGRITY and FINGERPRINT can be computed in place. Nothing is allocated.
/// </summary>
/// <remarks>
/// Add MESSAGE-INTEGRITY after every attribute it protects and FINGERPRINT last; a buffer too small for the next
/// attribute throws <see cref="ArgumentException"/> naming the attribute.
/// </remarks>
public ref struct StunMessageWriter
{
    private readonly Span<byte> _buffer;
    private int _length;

    /// <summary>Starts a message of <paramref name="type"/> with <paramref name="transactionId"/> (12 bytes).</summary>
    public StunMessageWriter(Span<byte> buffer, StunMessageType type, ReadOnlySpan<byte> transactionId)
    {
        if (transactionId.Length != StunConstants.TransactionIdLength)
        {
            throw new ArgumentException($"A STUN transaction id is {StunConstants.TransactionIdLength} bytes, not {transactionId.Length}.", nameof(transactionId));
        }

        if (buffer.Length < StunConstants.HeaderLength)
        {
            throw new ArgumentException($"A STUN message needs at least {StunConstants.HeaderLength} bytes of buffer, got {buffer.Length}.", nameof(buffer));
        }

        _buffer = buffer;
        BinaryPrimitives.WriteUInt16BigEndian(buffer, (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], StunConstants.MagicCookie);
        transactionId.CopyTo(buffer[8..]);
        _length = StunConstants.HeaderLength;
    }

    /// <summary>
    /// The byte used to pad attribute values to a multiple of four. RFC 8489 lets it be anything; zero by default.
    /// </summary>
    public byte PaddingByte { get; set; }

    /// <summary>Number of bytes written so far.</summary>
    public readonly int Length => _length;

    /// <summary>The message written so far.</summary>
    public readonly ReadOnlySpan<byte> WrittenSpan => _buffer[.._length];

    /// <summary>Adds an attribute with an arbitrary value, padded to a four-byte boundary.</summary>
    public void AddAttribute(StunAttributeType type, ReadOnlySpan<byte> value)
    {
        var valueSpan = Reserve(type, value.Length);
        value.CopyTo(valueSpan);
    }

    /// <summary>Adds a UTF-8 text attribute such as USERNAME or SOFTWARE.</summary>
    public void AddText(StunAttributeType type, ReadOnlySpan<char> text)
    {
        var byteCount = Encoding.UTF8.GetByteCount(text);
        var valueSpan = Reserve(type, byteCount);
        Encoding.UTF8.GetBytes(text, valueSpan);
    }

    /// <summary>Adds a 32-bit attribute such as PRIORITY.</summary>
    public void AddUInt32(StunAttributeType type, uint value) =>
        BinaryPrimitives.WriteUInt32BigEndian(Reserve(type, 4), value);

    /// <summary>Adds a 64-bit attribute such as ICE-CONTROLLING's tie-breaker.</summary>
    public void AddUInt64(StunAttributeType type, ulong value) =>
        BinaryPrimitives.WriteUInt64BigEndian(Reserve(type, 8), value);

    /// <summary>Adds an attribute with an empty value, such as USE-CANDIDATE.</summary>
    public void AddFlag(StunAttributeType type) => Reserve(type, 0);

    /// <summary>Adds ERROR-CODE with a code from 300 to 699 and a reason phrase.</summary>
    public void AddErrorCode(int code, ReadOnlySpan<char> reason)
    {
        if (code is < 300 or > 699)
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "A STUN error code is between 300 and 699.");
        }

        var value = Reserve(StunAttributeType.ErrorCode, 4 + Encoding.UTF8.GetByteCount(reason));
        value[0] = 0;
        value[1] = 0;
        value[2] = (byte)(code / 100);
        value[3] = (byte)(code % 100);
        Encoding.UTF8.GetBytes(reason, value[4..]);
    }

    /// <summary>Adds XOR-MAPPED-ADDRESS for an IPv4 or IPv6 endpoint (IPv4-mapped IPv6 is written as IPv4).</summary>
    public void AddXorMappedAddress(IPAddress address, int port) => AddXorAddress(StunAttributeType.XorMappedAddress, address, port);

    /// <summary>
    /// Adds an address attribute in XOR-MAPPED-ADDRESS's encoding under another type (TURN's XOR-PEER-ADDRESS and
    /// XOR-RELAYED-ADDRESS); IPv4-mapped IPv6 is written as IPv4.
    /// </summary>
    public void AddXorAddress(StunAttributeType type, IPAddress address, int port)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, ushort.MaxValue);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var isV6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        if (!isV6 && address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"XOR-MAPPED-ADDRESS holds IPv4 or IPv6, not {address.AddressFamily}.", nameof(address));
        }

        var addressLength = isV6 ? 16 : 4;
        var value = Reserve(type, 4 + addressLength);
        value[0] = 0;
        value[1] = isV6 ? (byte)0x02 : (byte)0x01;
        BinaryPrimitives.WriteUInt16BigEndian(value[2..], (ushort)(port ^ (ushort)(StunConstants.MagicCookie >> 16)));
        var addressBytes = value.Slice(4, addressLength);
        address.TryWriteBytes(addressBytes, out _);
        Span<byte> mask = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(mask, StunConstants.MagicCookie);
        _buffer.Slice(8, StunConstants.TransactionIdLength).CopyTo(mask[4..]);
        for (var i = 0; i < addressLength; i++)
        {
            addressBytes[i] ^= mask[i];
        }
    }

    /// <summary>Adds MESSAGE-INTEGRITY: HMAC-SHA1 keyed with <paramref name="key"/> over everything written so far.</summary>
    public void AddMessageIntegrity(ReadOnlySpan<byte> key)
    {
        var start = _length;
        var mac = Reserve(StunAttributeType.MessageIntegrity, StunConstants.MessageIntegrityLength);
        HMACSHA1.HashData(key, _buffer[..start], mac);
    }

    /// <summary>Adds FINGERPRINT; it must be the last attribute.</summary>
    public void AddFingerprint()
    {
        var start = _length;
        var value = Reserve(StunAttributeType.Fingerprint, 4);
        BinaryPrimitives.WriteUInt32BigEndian(value, Crc32.Compute(_buffer[..start]) ^ StunConstants.FingerprintXor);
    }

    private Span<byte> Reserve(StunAttributeType type, int valueLength)
    {
        var padded = (valueLength + 3) & ~3;
        var total = StunConstants.AttributeHeaderLength + padded;
        if (valueLength > ushort.MaxValue || _length + total > _buffer.Length || _length + total > StunConstants.MaxMessageLength)
        {
            throw new ArgumentException(
                $"The STUN message buffer ({_buffer.Length} bytes, {_length} used) has no room for {type} ({total} bytes).");
        }

        var header = _buffer[_length..];
        BinaryPrimitives.WriteUInt16BigEndian(header, (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)valueLength);
        var value = header.Slice(StunConstants.AttributeHeaderLength, valueLength);
        header.Slice(StunConstants.AttributeHeaderLength + valueLength, padded - valueLength).Fill(PaddingByte);
        _length += total;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], (ushort)(_length - StunConstants.HeaderLength));
        return value;
    }
}
