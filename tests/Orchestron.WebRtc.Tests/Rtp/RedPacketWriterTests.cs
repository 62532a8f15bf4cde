using System.Buffers.Binary;
using Orchestron.WebRtc.Rtp;

namespace Orchestron.WebRtc.Tests.Rtp;

/// <summary>RED payloads laid out as RFC 2198 section 3 describes them.</summary>
public sealed class RedPacketWriterTests
{
    private const byte Opus = 111;

    [Fact]
    public void Distance_one_writes_a_redundant_header_a_primary_header_then_the_blocks_oldest_first()
    {
        var history = new EncodedPacketHistory(1275);
        history.Record([0xA1, 0xA2, 0xA3], 1000);
        var destination = new byte[64];

        var length = RedPacketWriter.Write(destination, Opus, [0xB1, 0xB2], 1480, history, distance: 1, out var blocks);

        // F=1, PT 111, offset 480, length 3 | F=0, PT 111 | redundant data | primary data.
        var expectedHeader = 0x8000_0000u | (111u << 24) | (480u << 10) | 3u;
        Assert.Equal(1, blocks);
        Assert.Equal(4 + 1 + 3 + 2, length);
        Assert.Equal(expectedHeader, BinaryPrimitives.ReadUInt32BigEndian(destination));
        Assert.Equal(0xEF, destination[0]); // 1 1101111: F set, then 111
        Assert.Equal(111, destination[4]);
        Assert.Equal(new byte[] { 0xA1, 0xA2, 0xA3, 0xB1, 0xB2 }, destination[5..10]);
    }

    [Fact]
    public void Distance_two_repeats_the_two_previous_packets_in_order_of_age()
    {
        var history = new EncodedPacketHistory(1275);
        history.Record([1], 0);
        history.Record([2, 2], 960);
        history.Record([3, 3, 3], 1920);
        var destination = new byte[64];

        var length = RedPacketWriter.Write(destination, Opus, [4, 4, 4, 4], 2880, history, distance: 2, out var blocks);

        Assert.Equal(2, blocks);
        Assert.Equal(4 + 4 + 1 + 2 + 3 + 4, length);
        Assert.Equal(Header(1920, 2), BinaryPrimitives.ReadUInt32BigEndian(destination));
        Assert.Equal(Header(960, 3), BinaryPrimitives.ReadUInt32BigEndian(destination.AsSpan(4)));
        Assert.Equal(Opus, destination[8]);
        Assert.Equal(new byte[] { 2, 2, 3, 3, 3, 4, 4, 4, 4 }, destination[9..18]);
    }

    [Fact]
    public void With_an_empty_history_the_payload_is_the_primary_header_and_block_only()
    {
        var destination = new byte[16];

        var length = RedPacketWriter.Write(destination, Opus, [9, 8, 7], 5000, new EncodedPacketHistory(1275), distance: 2, out var blocks);

        Assert.Equal(0, blocks);
        Assert.Equal(new byte[] { Opus, 9, 8, 7 }, destination[..length]);
    }

    [Theory]
    [InlineData(16_384u, 0)] // one past the 14-bit offset: a packet from before a pause
    [InlineData(16_383u, 1)] // the largest offset a header holds
    [InlineData(0u, 0)] // the same timestamp is not an earlier packet
    public void A_block_whose_offset_a_header_cannot_hold_is_left_out(uint offset, int expectedBlocks)
    {
        var history = new EncodedPacketHistory(1275);
        history.Record([1, 2], 100_000);

        RedPacketWriter.Write(new byte[64], Opus, [3], unchecked(100_000 + offset), history, distance: 1, out var blocks);

        Assert.Equal(expectedBlocks, blocks);
    }

    [Fact]
    public void Offsets_are_computed_across_the_rtp_timestamp_wrap()
    {
        var history = new EncodedPacketHistory(1275);
        history.Record([1], uint.MaxValue - 100);
        var destination = new byte[16];

        RedPacketWriter.Write(destination, Opus, [2], 379, history, distance: 1, out var blocks);

        Assert.Equal(1, blocks);
        Assert.Equal(Header(480, 1), BinaryPrimitives.ReadUInt32BigEndian(destination));
    }

    [Fact]
    public void A_block_longer_than_ten_bits_can_say_is_left_out_and_the_younger_one_kept()
    {
        var history = new EncodedPacketHistory(1275);
        history.Record(new byte[1024], 0);
        history.Record(new byte[1023], 960);
        var destination = new byte[1500];

        var length = RedPacketWriter.Write(destination, Opus, [5], 1920, history, distance: 2, out var blocks);

        Assert.Equal(1, blocks);
        Assert.Equal(Header(960, 1023), BinaryPrimitives.ReadUInt32BigEndian(destination));
        Assert.Equal(4 + 1 + 1023 + 1, length);
    }

    [Fact]
    public void Redundant_blocks_that_do_not_fit_are_dropped_before_the_primary_ever_is()
    {
        var history = new EncodedPacketHistory(1275);
        history.Record(new byte[500], 0);
        history.Record(new byte[500], 960);
        var destination = new byte[800];

        var length = RedPacketWriter.Write(destination, Opus, new byte[200], 1920, history, distance: 2, out var blocks);

        // Room for one 500-byte block beside the primary: the older one goes first, the newer one stays.
        Assert.Equal(1, blocks);
        Assert.Equal(Header(960, 500), BinaryPrimitives.ReadUInt32BigEndian(destination));
        Assert.Equal(4 + 1 + 500 + 200, length);
        Assert.Equal(-1, RedPacketWriter.Write(new byte[100], Opus, new byte[200], 1920, history, distance: 2, out _));
    }

    private static uint Header(uint offset, int length) => 0x8000_0000u | ((uint)Opus << 24) | (offset << 10) | (uint)length;
}
