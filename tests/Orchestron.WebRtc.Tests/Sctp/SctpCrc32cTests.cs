using System.Text;
using Orchestron.WebRtc.Sctp;

namespace Orchestron.WebRtc.Tests.Sctp;

/// <summary>CRC32c against the test vectors of RFC 3720 appendix B.4, and the packet checksum of RFC 4960 appendix B.</summary>
public sealed class SctpCrc32cTests
{
    [Fact]
    public void Thirty_two_zero_bytes_give_the_rfc_3720_value() =>
        Assert.Equal(0x8A9136AAu, SctpCrc32c.Compute(new byte[32]));

    [Fact]
    public void Thirty_two_ones_bytes_give_the_rfc_3720_value() =>
        Assert.Equal(0x62A8AB43u, SctpCrc32c.Compute(Enumerable.Repeat((byte)0xFF, 32).ToArray()));

    [Fact]
    public void Thirty_two_incrementing_bytes_give_the_rfc_3720_value() =>
        Assert.Equal(0x46DD794Eu, SctpCrc32c.Compute(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));

    [Fact]
    public void Thirty_two_decrementing_bytes_give_the_rfc_3720_value() =>
        Assert.Equal(0x113FDB5Cu, SctpCrc32c.Compute(Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray()));

    [Fact]
    public void The_check_string_gives_the_catalogued_crc32c() =>
        Assert.Equal(0xE3069283u, SctpCrc32c.Compute(Encoding.ASCII.GetBytes("123456789")));

    [Fact]
    public void The_iscsi_read_command_pdu_gives_the_rfc_3720_value()
    {
        // RFC 3720 B.4, "An iSCSI - SCSI Read (10) Command PDU".
        byte[] pdu =
        [
            0x01, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x18,
            0x28, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        ];
        Assert.Equal(0xD9963A56u, SctpCrc32c.Compute(pdu));
    }

    [Fact]
    public void A_stamped_packet_verifies_and_any_flipped_bit_breaks_it()
    {
        var packet = new byte[64];
        new Random(4960).NextBytes(packet);
        SctpCrc32c.Stamp(packet);
        Assert.True(SctpCrc32c.Verify(packet));

        // RFC 4960 appendix B: the checksum goes on the wire least significant byte first, over the packet with a
        // zero checksum field.
        var zeroed = (byte[])packet.Clone();
        zeroed.AsSpan(8, 4).Clear();
        Assert.Equal(SctpCrc32c.Compute(zeroed), BitConverter.ToUInt32(packet, 8));

        for (var bit = 0; bit < packet.Length * 8; bit += 7)
        {
            packet[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(SctpCrc32c.Verify(packet));
            packet[bit / 8] ^= (byte)(1 << (bit % 8));
        }
    }
}
