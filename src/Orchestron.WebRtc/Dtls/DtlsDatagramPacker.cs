namespace Orchestron.WebRtc.Dtls;

/// <summary>Cuts the records OpenSSL wrote into datagrams no larger than the MTU.</summary>
/// <remarks>
/// A memory BIO concatenates every record OpenSSL writes, losing datagram boundaries; records are sized to the
/// MTU already, so packing whole records greedily restores datagrams that fit it.
/// </remarks>
internal static class DtlsDatagramPacker
{
    /// <summary>Sends <paramref name="records"/> as whole records packed into datagrams of at most <paramref name="maxDatagramSize"/> bytes.</summary>
    internal static void Send(ReadOnlySpan<byte> records, int maxDatagramSize, DtlsDatagramSender send)
    {
        var datagramStart = 0;
        var offset = 0;
        while (offset < records.Length)
        {
            var recordLength = DtlsRecordFraming.RecordLength(records[offset..]);
            if (offset > datagramStart && offset + recordLength - datagramStart > maxDatagramSize)
            {
                send(records[datagramStart..offset]);
                datagramStart = offset;
            }

            offset += recordLength;
        }

        if (offset > datagramStart)
        {
            send(records[datagramStart..offset]);
        }
    }
}
