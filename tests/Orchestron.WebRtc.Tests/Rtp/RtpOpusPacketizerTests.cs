using Orchestron.WebRtc.Rtp;
using Orchestron.Testing.Allocation;

namespace Orchestron.WebRtc.Tests.Rtp;

public sealed class RtpOpusPacketizerTests
{
    private static readonly byte[] Opus = [0xFC, 0x01, 0x02, 0x03, 0x04];

    [Fact]
    public void Packets_carry_header_and_payload_with_sequence_and_timestamp_advancing()
    {
        var packetizer = new RtpOpusPacketizer(111, 0xCAFEBABE, 65_535, 0xFFFF_FE00);
        var buffer = new byte[100];

        var first = packetizer.Packetize(Opus, 0, marker: true, buffer);
        Assert.Equal(17, first);
        Assert.True(RtpHeader.TryRead(buffer.AsSpan(0, first), out var header, out var offset, out var length));
        Assert.Equal(new RtpHeader(111, true, 65_535, 0xFFFF_FE00, 0xCAFEBABE), header);
        Assert.Equal(Opus, buffer.AsSpan(offset, length).ToArray());

        var second = packetizer.Packetize(Opus, 960, marker: false, buffer);
        Assert.True(RtpHeader.TryRead(buffer.AsSpan(0, second), out header, out _, out _));
        Assert.Equal(new RtpHeader(111, false, 0, 0x0000_01C0, 0xCAFEBABE), header); // both counters wrap

        Assert.Equal(2, packetizer.PacketsSent);
        Assert.Equal(10, packetizer.PayloadOctetsSent);
    }

    [Fact]
    public void The_rtp_timestamp_is_the_callers_timestamp_plus_the_offset_whatever_was_skipped()
    {
        var packetizer = new RtpOpusPacketizer(96, 1, 100, 1_000);
        var buffer = new byte[100];
        packetizer.Packetize(Opus, 0, marker: true, buffer);
        packetizer.Packetize(Opus, 480, marker: false, buffer);

        // Frames 2 and 3 never reach the packetiser (DTX, an encoder error): the next packet is stamped by the
        // caller's clock alone, so the gap is exactly their length and the sequence has no hole.
        var length = packetizer.Packetize(Opus, 4 * 480, marker: true, buffer);

        Assert.True(RtpHeader.TryRead(buffer.AsSpan(0, length), out var header, out _, out _));
        Assert.True(header.Marker);
        Assert.Equal(102, header.SequenceNumber);
        Assert.Equal(1_000u + (4 * 480), header.Timestamp);
        Assert.Equal(3, packetizer.PacketsSent);
    }

    [Fact]
    public void The_rtp_timestamp_wraps_modulo_two_to_the_32_for_any_caller_timestamp()
    {
        var packetizer = new RtpOpusPacketizer(96, 1, 0, 0x8000_0000);

        Assert.Equal(0x8000_0000u, packetizer.ToRtpTimestamp(0));
        Assert.Equal(0u, packetizer.ToRtpTimestamp(0x8000_0000L));
        Assert.Equal(0x8000_0000u + 960, packetizer.ToRtpTimestamp((1L << 40) + 960)); // days of audio later
    }

    [Fact]
    public void The_marker_bit_is_the_callers_decision()
    {
        var packetizer = new RtpOpusPacketizer(96, 1, 0, 0);
        var buffer = new byte[100];

        packetizer.Packetize(Opus, 0, marker: true, buffer);
        Assert.Equal(0x80 | 96, buffer[1]);
        packetizer.Packetize(Opus, 960, marker: false, buffer);
        Assert.Equal(96, buffer[1]);
    }

    [Fact]
    public void The_public_constructor_draws_random_origins()
    {
        // 8 packetisers agreeing on all of SSRC, sequence and timestamp offset would mean the origin is not random.
        var origins = Enumerable.Range(0, 8)
            .Select(_ => new RtpOpusPacketizer(111))
            .Select(p => (p.Ssrc, p.NextSequenceNumber, p.TimestampOffset))
            .ToArray();

        Assert.True(origins.Select(o => o.Ssrc).Distinct().Count() > 1);
        Assert.True(origins.Select(o => o.NextSequenceNumber).Distinct().Count() > 1);
        Assert.True(origins.Select(o => o.TimestampOffset).Distinct().Count() > 1);
    }

    [Fact]
    public void A_too_small_destination_throws_and_leaves_the_stream_unchanged()
    {
        var packetizer = new RtpOpusPacketizer(96, 1, 5, 10);

        Assert.Throws<ArgumentException>(() => packetizer.Packetize(Opus, 960, false, new byte[16]));
        Assert.Throws<ArgumentException>(() => packetizer.Packetize([], 960, false, new byte[100]));
        Assert.Equal(5, packetizer.NextSequenceNumber);
        Assert.Equal(0, packetizer.PacketsSent);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtpOpusPacketizer(200));
    }

    [Fact]
    public void Packetizing_allocates_nothing()
    {
        var packetizer = new RtpOpusPacketizer(111);
        var buffer = new byte[1500];
        var payload = new byte[160];
        packetizer.Packetize(payload, 0, false, buffer);

        var allocations = AllocationTally.Measure(10_000, n => packetizer.Packetize(payload, n * 960L, (n & 15) == 0, buffer));

        Assert.True(allocations.Bytes == 0 && allocations.HasEnoughReadings, allocations.Describe());
    }
}
