using System.Buffers.Binary;

namespace Orchestron.WebRtc.Sctp;

/// <summary>The TLV parameters of INIT, INIT-ACK, HEARTBEAT and RE-CONFIG chunks (RFC 4960 section 3.2.1).</summary>
internal static class SctpParameter
{
    internal const ushort HeartbeatInfo = 1;
    internal const ushort StateCookie = 7;
    internal const ushort OutgoingResetRequest = 13;
    internal const ushort ReconfigResponse = 16;
    internal const ushort SupportedExtensions = 0x8008;
    internal const ushort ForwardTsnSupported = 0xC000;

    /// <summary>Finds the first parameter of <paramref name="type"/>; false when absent or the list is malformed.</summary>
    internal static bool TryFind(ReadOnlySpan<byte> parameters, ushort type, out ReadOnlySpan<byte> value)
    {
        while (parameters.Length >= 4)
        {
            var current = BinaryPrimitives.ReadUInt16BigEndian(parameters);
            int length = BinaryPrimitives.ReadUInt16BigEndian(parameters[2..]);
            if (length < 4 || length > parameters.Length)
            {
                break;
            }

            if (current == type)
            {
                value = parameters[4..length];
                return true;
            }

            parameters = parameters[Math.Min(SctpPacket.Pad4(length), parameters.Length)..];
        }

        value = default;
        return false;
    }

    /// <summary>Whether every parameter's length stays inside the list.</summary>
    internal static bool IsWellFormed(ReadOnlySpan<byte> parameters)
    {
        while (parameters.Length > 0)
        {
            if (parameters.Length < 4)
            {
                return false;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(parameters[2..]);
            if (length < 4 || length > parameters.Length)
            {
                return false;
            }

            parameters = parameters[Math.Min(SctpPacket.Pad4(length), parameters.Length)..];
        }

        return true;
    }

    /// <summary>Writes one parameter with padding; returns the bytes written.</summary>
    internal static int Write(Span<byte> destination, ushort type, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(4 + value.Length));
        value.CopyTo(destination[4..]);
        var padded = SctpPacket.Pad4(4 + value.Length);
        destination[(4 + value.Length)..padded].Clear();
        return padded;
    }

    internal static int PaddedLength(int valueLength) => SctpPacket.Pad4(4 + valueLength);
}
