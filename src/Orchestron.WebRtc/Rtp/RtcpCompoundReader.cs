using System.Buffers.Binary;

namespace Orchestron.WebRtc.Rtp;

/// <summary>
/// Walks the packets of a compound RTCP packet without copying, checking each header's version, length and
/// padding against the data actually present.
/// </summary>
public ref struct RtcpCompoundReader
{
    private const int HeaderLength = 4;

    private ReadOnlySpan<byte> _remaining;

    /// <summary>Starts reading <paramref name="compound"/>.</summary>
    public RtcpCompoundReader(ReadOnlySpan<byte> compound) => _remaining = compound;

    /// <summary>Reads the next packet.</summary>
    /// <param name="packet">The packet, when the result is true.</param>
    /// <param name="error">Why reading stopped early; <see cref="RtcpParseError.None"/> at the normal end.</param>
    /// <returns>True when a packet was read; false at the end or on an error.</returns>
    public bool TryReadNext(out RtcpPacket packet, out RtcpParseError error)
    {
        packet = default;
        error = RtcpParseError.None;
        if (_remaining.IsEmpty)
        {
            return false;
        }

        if (_remaining.Length < HeaderLength)
        {
            error = RtcpParseError.TooShort;
            return false;
        }

        var first = _remaining[0];
        if (first >> 6 != 2)
        {
            error = RtcpParseError.BadVersion;
            return false;
        }

        var length = (BinaryPrimitives.ReadUInt16BigEndian(_remaining[2..]) + 1) * 4;
        if (length > _remaining.Length)
        {
            error = RtcpParseError.LengthOverrun;
            return false;
        }

        var body = _remaining[HeaderLength..length];
        if ((first & 0x20) != 0)
        {
            var padding = body.IsEmpty ? 0 : body[^1];
            if (padding == 0 || padding > body.Length)
            {
                error = RtcpParseError.BadPadding;
                return false;
            }

            body = body[..^padding];
        }

        packet = new RtcpPacket(_remaining[1], first & 0x1F, body);
        _remaining = _remaining[length..];
        return true;
    }

    /// <summary>Checks a whole compound packet, including the inner structure of SR, RR, SDES and BYE.</summary>
    public static RtcpParseError Validate(ReadOnlySpan<byte> compound)
    {
        if (compound.Length < HeaderLength)
        {
            return RtcpParseError.TooShort;
        }

        var reader = new RtcpCompoundReader(compound);
        while (true)
        {
            if (!reader.TryReadNext(out var packet, out var error))
            {
                return error;
            }

            var inner = packet.PacketType switch
            {
                RtcpPacketType.SenderReport or RtcpPacketType.ReceiverReport =>
                    RtcpReportBlock.TryGetBlocks(packet, out _, out _) ? RtcpParseError.None : RtcpParseError.TruncatedReport,
                RtcpPacketType.SourceDescription =>
                    RtcpSourceDescription.IsWellFormed(packet) ? RtcpParseError.None : RtcpParseError.MalformedSourceDescription,
                RtcpPacketType.Goodbye =>
                    RtcpGoodbye.IsWellFormed(packet) ? RtcpParseError.None : RtcpParseError.MalformedGoodbye,
                _ => RtcpParseError.None,
            };

            if (inner != RtcpParseError.None)
            {
                return inner;
            }
        }
    }
}
