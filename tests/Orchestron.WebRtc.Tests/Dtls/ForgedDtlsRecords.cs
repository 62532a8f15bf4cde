using System.Buffers.Binary;

namespace Orchestron.WebRtc.Tests.Dtls;

/// <summary>DTLS 1.2 records built byte by byte, as a spoofer who knows the format but no keys would send them.</summary>
internal static class ForgedDtlsRecords
{
    /// <summary>One record: the 13-byte header (type, version 1.2, epoch, 48-bit sequence, length), then the payload.</summary>
    internal static byte[] Record(byte contentType, ushort epoch, ulong sequence, byte[] payload)
    {
        var record = new byte[13 + payload.Length];
        record[0] = contentType;
        record[1] = 0xFE;
        record[2] = 0xFD;
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(3), epoch);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(5), (ushort)(sequence >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(record.AsSpan(7), (uint)sequence);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(11), (ushort)payload.Length);
        payload.CopyTo(record, 13);
        return record;
    }
}
