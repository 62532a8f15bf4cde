using System.Buffers.Binary;
using System.Text;

namespace Orchestron.WebRtc.DataChannels;

/// <summary>The Data Channel Establishment Protocol's two messages (RFC 8832 section 5).</summary>
internal static class DcepMessage
{
    internal const byte Ack = 0x02;
    internal const byte Open = 0x03;
    private const int OpenFixedLength = 12;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Parses a DATA_CHANNEL_OPEN; null with a reason when it is malformed.</summary>
    internal static DataChannelParameters? TryParseOpen(ReadOnlySpan<byte> message, out string? error)
    {
        error = null;
        if (message.Length < OpenFixedLength || message[0] != Open)
        {
            error = "a DATA_CHANNEL_OPEN shorter than its 12 fixed bytes";
            return null;
        }

        var type = message[1];
        if (!Enum.IsDefined((DataChannelType)type))
        {
            error = $"an unknown channel type 0x{type:X2}";
            return null;
        }

        var reliability = BinaryPrimitives.ReadUInt32BigEndian(message[4..]);
        int labelLength = BinaryPrimitives.ReadUInt16BigEndian(message[8..]);
        int protocolLength = BinaryPrimitives.ReadUInt16BigEndian(message[10..]);
        if (message.Length != OpenFixedLength + labelLength + protocolLength)
        {
            error = $"label and protocol lengths ({labelLength} + {protocolLength}) that do not match the message's {message.Length} bytes";
            return null;
        }

        string label;
        string protocol;
        try
        {
            label = StrictUtf8.GetString(message.Slice(OpenFixedLength, labelLength));
            protocol = StrictUtf8.GetString(message.Slice(OpenFixedLength + labelLength, protocolLength));
        }
        catch (DecoderFallbackException)
        {
            error = "a label or protocol that is not UTF-8";
            return null;
        }

        var kind = (DataChannelType)type;
        var unordered = ((byte)kind & 0x80) != 0;
        return ((byte)kind & 0x7F) switch
        {
            0x01 => new DataChannelParameters(label, protocol, !unordered, (int)Math.Min(reliability, int.MaxValue), null),
            0x02 => new DataChannelParameters(label, protocol, !unordered, null, TimeSpan.FromMilliseconds(reliability)),
            _ => new DataChannelParameters(label, protocol, !unordered, null, null),
        };
    }

    /// <summary>The length of the DATA_CHANNEL_OPEN for <paramref name="parameters"/>.</summary>
    internal static int OpenLength(DataChannelParameters parameters) =>
        OpenFixedLength + Encoding.UTF8.GetByteCount(parameters.Label) + Encoding.UTF8.GetByteCount(parameters.Protocol);

    /// <summary>Writes a DATA_CHANNEL_OPEN of <see cref="OpenLength"/> bytes.</summary>
    internal static void WriteOpen(Span<byte> message, DataChannelParameters parameters)
    {
        var unordered = parameters.Ordered ? 0 : 0x80;
        var (type, reliability) = parameters switch
        {
            { MaxRetransmits: { } count } => (0x01, (uint)count),
            { MaxPacketLifeTime: { } lifetime } => (0x02, (uint)lifetime.TotalMilliseconds),
            _ => (0x00, 0u),
        };
        message[0] = Open;
        message[1] = (byte)(type | unordered);
        BinaryPrimitives.WriteUInt16BigEndian(message[2..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(message[4..], reliability);
        var labelLength = Encoding.UTF8.GetBytes(parameters.Label, message[OpenFixedLength..]);
        var protocolLength = Encoding.UTF8.GetBytes(parameters.Protocol, message[(OpenFixedLength + labelLength)..]);
        BinaryPrimitives.WriteUInt16BigEndian(message[8..], (ushort)labelLength);
        BinaryPrimitives.WriteUInt16BigEndian(message[10..], (ushort)protocolLength);
    }
}
