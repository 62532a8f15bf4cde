using Orchestron.WebRtc.Dtls;

namespace Orchestron.WebRtc.Tests.Dtls;

public sealed class DtlsDatagramPackerTests
{
    [Fact]
    public void Whole_records_are_packed_greedily_into_datagrams_that_fit()
    {
        var records = Concat(Record(22, 100), Record(22, 200), Record(20, 1), Record(22, 900));
        var datagrams = Pack(records, maxDatagramSize: 400);

        Assert.Equal([113 + 213 + 14, 913], datagrams.Select(d => d.Length));
        Assert.All(datagrams, d => Assert.True(DtlsRecordFraming.HasValidRecordFraming(d)));
        Assert.Equal(records, datagrams.SelectMany(d => d));
    }

    [Fact]
    public void A_record_larger_than_the_limit_still_goes_alone_and_whole()
    {
        var datagrams = Pack(Concat(Record(22, 10), Record(22, 2000)), maxDatagramSize: 576);

        Assert.Equal([23, 2013], datagrams.Select(d => d.Length));
    }

    [Theory]
    [InlineData(new byte[] { 22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xAA }, true)]
    [InlineData(new byte[] { 22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0xAA }, false)]
    [InlineData(new byte[] { 24, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xAA }, false)]
    [InlineData(new byte[] { 22, 0x03, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xAA }, false)]
    [InlineData(new byte[] { 22, 0xFE, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, false)]
    public void Record_framing_accepts_only_whole_dtls_records_of_known_types(byte[] datagram, bool valid)
    {
        Assert.Equal(valid, DtlsRecordFraming.HasValidRecordFraming(datagram));
    }

    private static List<byte[]> Pack(byte[] records, int maxDatagramSize)
    {
        var datagrams = new List<byte[]>();
        DtlsDatagramPacker.Send(records, maxDatagramSize, d => datagrams.Add(d.ToArray()));
        return datagrams;
    }

    private static byte[] Record(byte contentType, int length)
    {
        var record = new byte[DtlsRecordFraming.HeaderLength + length];
        record[0] = contentType;
        record[1] = 0xFE;
        record[2] = 0xFD;
        record[11] = (byte)(length >> 8);
        record[12] = (byte)length;
        return record;
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
