using System.Buffers.Binary;
using System.Text;

namespace Orchestron.WebRtc.Rtp;

/// <summary>
/// Writes the RTCP a send-only audio stream needs: sender reports, SDES CNAME and BYE, alone or as the
/// compound packets RFC 3550 section 6.1 requires (a report first, then SDES with a CNAME).
/// </summary>
public static class RtcpWriter
{
    /// <summary>The length of a sender report without report blocks.</summary>
    public const int SenderReportLength = 28;

    /// <summary>The length of a BYE naming one SSRC, without a reason.</summary>
    public const int GoodbyeLength = 8;

    /// <summary>The longest CNAME an SDES item can hold, in UTF-8 bytes.</summary>
    public const int MaxCnameBytes = 255;

    private const byte Version2 = 0x80;
    private const byte CnameItem = 1;

    /// <summary>Writes a sender report with no report blocks; returns <see cref="SenderReportLength"/>.</summary>
    public static int WriteSenderReport(Span<byte> destination, in RtcpSenderInfo sender)
    {
        EnsureRoom(destination, SenderReportLength, "sender report");
        WriteHeader(destination, count: 0, RtcpPacketType.SenderReport, SenderReportLength);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], sender.Ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], sender.NtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], sender.RtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], sender.PacketCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[24..], sender.OctetCount);
        return SenderReportLength;
    }

    /// <summary>The length of an SDES packet with one chunk holding a CNAME of <paramref name="cnameBytes"/> UTF-8 bytes.</summary>
    public static int SourceDescriptionLength(int cnameBytes) =>
        4 + (((4 + 2 + cnameBytes + 1) + 3) & ~3); // header, then SSRC + item + END, padded to 32 bits

    /// <summary>Writes an SDES packet with one chunk: the CNAME of <paramref name="ssrc"/>. Returns its length.</summary>
    /// <exception cref="ArgumentException">The CNAME is empty or longer than 255 UTF-8 bytes, or the destination is too small.</exception>
    public static int WriteSourceDescription(Span<byte> destination, uint ssrc, ReadOnlySpan<char> cname)
    {
        var cnameBytes = Encoding.UTF8.GetByteCount(cname);
        if (cnameBytes is 0 or > MaxCnameBytes)
        {
            throw new ArgumentException($"An RTCP CNAME is 1 to {MaxCnameBytes} UTF-8 bytes, not {cnameBytes}.", nameof(cname));
        }

        var length = SourceDescriptionLength(cnameBytes);
        EnsureRoom(destination, length, "SDES packet");
        WriteHeader(destination, count: 1, RtcpPacketType.SourceDescription, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        destination[8] = CnameItem;
        destination[9] = (byte)cnameBytes;
        Encoding.UTF8.GetBytes(cname, destination[10..]);
        destination[(10 + cnameBytes)..length].Clear(); // END item and padding
        return length;
    }

    /// <summary>Writes a BYE for <paramref name="ssrc"/>; returns <see cref="GoodbyeLength"/>.</summary>
    public static int WriteGoodbye(Span<byte> destination, uint ssrc)
    {
        EnsureRoom(destination, GoodbyeLength, "BYE packet");
        WriteHeader(destination, count: 1, RtcpPacketType.Goodbye, GoodbyeLength);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        return GoodbyeLength;
    }

    /// <summary>Writes the periodic compound packet: sender report, then SDES CNAME. Returns its length.</summary>
    public static int WriteSenderReportCompound(Span<byte> destination, in RtcpSenderInfo sender, ReadOnlySpan<char> cname)
    {
        var length = WriteSenderReport(destination, sender);
        return length + WriteSourceDescription(destination[length..], sender.Ssrc, cname);
    }

    /// <summary>Writes the closing compound packet: sender report, SDES CNAME, then BYE. Returns its length.</summary>
    public static int WriteGoodbyeCompound(Span<byte> destination, in RtcpSenderInfo sender, ReadOnlySpan<char> cname)
    {
        var length = WriteSenderReportCompound(destination, sender, cname);
        return length + WriteGoodbye(destination[length..], sender.Ssrc);
    }

    private static void WriteHeader(Span<byte> destination, int count, byte packetType, int length)
    {
        destination[0] = (byte)(Version2 | count);
        destination[1] = packetType;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)((length / 4) - 1));
    }

    private static void EnsureRoom(Span<byte> destination, int needed, string what)
    {
        if (destination.Length < needed)
        {
            throw new ArgumentException($"The RTCP {what} needs {needed} bytes; the destination has {destination.Length}.", nameof(destination));
        }
    }
}
