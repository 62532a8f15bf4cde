using System.Buffers.Binary;
using Orchestron.WebRtc.LowLatency;

namespace Orchestron.WebRtc.Tests.LowLatency;

/// <summary>
/// The low-latency path's packets: each carries its predecessor, so the reader rebuilds a lost frame from the next
/// packet; late, duplicate and malformed packets are dropped without harm.
/// </summary>
public sealed class LowLatencyAudioPacketTests
{
    private const int Samples = 120;

    [Fact]
    public void Frames_in_order_come_out_as_they_went_in()
    {
        var packets = Packetize(50);
        var (frames, reader) = ReadAll(packets);

        Assert.Equal(Enumerable.Range(0, 50).Select(FrameBytes), frames.Select(f => f.Data));
        Assert.Equal(Enumerable.Range(0, 50).Select(n => 1000u + (uint)(n * Samples)), frames.Select(f => f.Timestamp));
        Assert.All(frames, f => Assert.False(f.Recovered));
        Assert.Equal((50, 0, 0, 0, 0), (reader.PacketsRead, reader.FramesRecovered, reader.FramesLost, reader.PacketsLate, reader.PacketsMalformed));
    }

    [Fact]
    public void A_lost_packet_is_hidden_by_the_next_packets_redundancy()
    {
        var packets = Packetize(20);
        packets.RemoveAt(7);
        var (frames, reader) = ReadAll(packets);

        // Every frame arrives, byte for byte and on its timestamp; the seventh one from the eighth packet.
        Assert.Equal(Enumerable.Range(0, 20).Select(FrameBytes), frames.Select(f => f.Data));
        Assert.Equal(Enumerable.Range(0, 20).Select(n => 1000u + (uint)(n * Samples)), frames.Select(f => f.Timestamp));
        Assert.Equal([7], frames.Select((f, i) => (f, i)).Where(x => x.f.Recovered).Select(x => x.i));
        Assert.Equal((1, 0), (reader.FramesRecovered, reader.FramesLost));
    }

    [Fact]
    public void Two_lost_in_a_row_lose_one_frame_and_rebuild_the_other()
    {
        var packets = Packetize(20);
        packets.RemoveRange(5, 2);
        var (frames, reader) = ReadAll(packets);

        Assert.Equal(Enumerable.Range(0, 20).Where(n => n != 5).Select(FrameBytes), frames.Select(f => f.Data));
        Assert.Equal((1, 1), (reader.FramesRecovered, reader.FramesLost));
    }

    [Fact]
    public void Late_and_duplicate_packets_are_dropped_and_the_sequence_wraps()
    {
        var packets = Packetize(10, firstSequence: 65_530);
        (packets[3], packets[4]) = (packets[4], packets[3]);
        packets.Insert(6, packets[5]);
        var (frames, reader) = ReadAll(packets);

        // Packet 4 came before 3: frame 3 is rebuilt from 4, and 3 itself is late; 5 twice is played once.
        Assert.Equal(Enumerable.Range(0, 10).Select(FrameBytes), frames.Select(f => f.Data));
        Assert.Equal((2, 1), (reader.PacketsLate, reader.FramesRecovered));
    }

    [Fact]
    public void No_redundancy_follows_a_gap_in_the_frames()
    {
        var packetizer = new LowLatencyAudioPacketizer(Samples);
        var buffer = new byte[LowLatencyAudioPacket.MaxLength];
        packetizer.Packetize(FrameBytes(0), 1000, buffer);
        var length = packetizer.Packetize(FrameBytes(1), 1000 + (3 * Samples), buffer);

        Assert.True(LowLatencyAudioPacket.TryRead(buffer.AsSpan(0, length), out var view));
        Assert.True(view.Redundant.IsEmpty);
    }

    [Fact]
    public void Malformed_packets_are_refused_and_counted_and_never_throw()
    {
        var valid = Packetize(3)[2];
        var reader = new LowLatencyAudioReader();
        var frames = 0;
        var random = new Random(19);
        List<byte[]> malformed =
        [
            [],
            [LowLatencyAudioPacket.AudioType],
            valid[..LowLatencyAudioPacket.HeaderLength],
            [LowLatencyAudioPacket.PingType, 1, 2, 3, 4, 5, 6, 7, 8],
            With(valid, 0, 0x7F),
            With(valid, 1, 0x80),
            With(valid, 1, 0x00),
            With(valid, 8, 0x12),
            WithLength(valid, 0),
            WithLength(valid, (ushort)(valid.Length - LowLatencyAudioPacket.HeaderLength + 1)),
            WithLength(valid, ushort.MaxValue),
        ];
        for (var i = 0; i < 2_000; i++)
        {
            var noise = new byte[random.Next(0, 64)];
            random.NextBytes(noise);
            if (noise.Length > 0 && random.Next(2) == 0)
            {
                noise[0] = LowLatencyAudioPacket.AudioType;
            }

            malformed.Add(noise);
        }

        foreach (var packet in malformed)
        {
            var read = LowLatencyAudioPacket.TryRead(packet, out var view);
            frames += reader.Read(packet, (_, _, _) => { });
            if (read)
            {
                // Whatever random bytes pass the checks describe frames inside the packet.
                Assert.True(LowLatencyAudioPacket.HeaderLength + view.Primary.Length + view.Redundant.Length == packet.Length);
            }
        }

        Assert.True(reader.PacketsMalformed >= 11, $"{reader.PacketsMalformed} refused");
        Assert.Equal(malformed.Count, reader.PacketsMalformed + reader.PacketsRead + reader.PacketsLate);

        // The reader is not wedged: a good packet afterwards (a new sequence) still plays.
        var fresh = new LowLatencyAudioReader();
        Assert.Equal(1, fresh.Read(valid, (_, _, _) => { }));
    }

    private static byte[] FrameBytes(int n) => Enumerable.Range(0, 20 + (n % 7)).Select(i => (byte)(n * 31 + i)).ToArray();

    private static List<byte[]> Packetize(int count, ushort firstSequence = 100)
    {
        var packetizer = new LowLatencyAudioPacketizer(Samples, redundancy: true, firstSequence);
        var buffer = new byte[LowLatencyAudioPacket.MaxLength];
        var packets = new List<byte[]>();
        for (var n = 0; n < count; n++)
        {
            var length = packetizer.Packetize(FrameBytes(n), 1000u + (uint)(n * Samples), buffer);
            packets.Add(buffer[..length]);
        }

        return packets;
    }

    private static (List<(byte[] Data, uint Timestamp, bool Recovered)> Frames, LowLatencyAudioReader Reader) ReadAll(IEnumerable<byte[]> packets)
    {
        var reader = new LowLatencyAudioReader();
        var frames = new List<(byte[] Data, uint Timestamp, bool Recovered)>();
        foreach (var packet in packets)
        {
            reader.Read(packet, (data, timestamp, recovered) => frames.Add((data.ToArray(), timestamp, recovered)));
        }

        return (frames, reader);
    }

    private static byte[] With(byte[] packet, int index, byte value)
    {
        var copy = packet.ToArray();
        copy[index] = value;
        return copy;
    }

    private static byte[] WithLength(byte[] packet, ushort primaryLength)
    {
        var copy = packet.ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(10), primaryLength);
        return copy;
    }
}
