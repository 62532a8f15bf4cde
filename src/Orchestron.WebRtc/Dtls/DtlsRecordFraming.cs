using System.Buffers.Binary;

namespace Orchestron.WebRtc.Dtls;

/// <summary>The DTLS record header (RFC 6347 section 4.1): what a datagram must look like before OpenSSL sees it.</summary>
internal static class DtlsRecordFraming
{
    /// <summary>Content type, version, epoch, sequence number and length: 13 bytes.</summary>
    internal const int HeaderLength = 13;

    private const int LengthOffset = 11;

    /// <summary>Whether <paramref name="datagram"/> is a sequence of whole DTLS 1.0/1.2 records of known content types.</summary>
    internal static bool HasValidRecordFraming(ReadOnlySpan<byte> datagram)
    {
        while (!datagram.IsEmpty)
        {
            if (datagram.Length < HeaderLength)
            {
                return false;
            }

            var contentType = datagram[0];
            var version = BinaryPrimitives.ReadUInt16BigEndian(datagram[1..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(datagram[LengthOffset..]);
            if (contentType is < 20 or > 23 || version is not (0xFEFD or 0xFEFF) || length > datagram.Length - HeaderLength)
            {
                return false;
            }

            datagram = datagram[(HeaderLength + length)..];
        }

        return true;
    }

    /// <summary>
    /// The length of the record at the start of <paramref name="records"/>, header included, clipped to what is
    /// there; a trailing fragment shorter than a header counts as one record.
    /// </summary>
    internal static int RecordLength(ReadOnlySpan<byte> records)
    {
        if (records.Length < HeaderLength)
        {
            return records.Length;
        }

        return Math.Min(HeaderLength + BinaryPrimitives.ReadUInt16BigEndian(records[LengthOffset..]), records.Length);
    }
}
