using System.Buffers.Binary;
using Orchestron.WebRtc.Sctp;

namespace Orchestron.WebRtc.Tests.Sctp;

/// <summary>Two of our own associations in memory: handshake, delivery, loss, partial reliability, resets, shutdown.</summary>
public sealed class SctpAssociationTests
{
    private const uint Binary = 53;

    [Fact]
    public void The_four_way_handshake_establishes_both_sides()
    {
        var link = new SctpLink();
        link.Connect();

        Assert.Equal(SctpAssociationState.Established, link.A.State);
        Assert.Equal(SctpAssociationState.Established, link.B.State);
        Assert.True(link.SinkA.Established && link.SinkB.Established);
        Assert.Equal(
            [SctpChunkType.Init, SctpChunkType.InitAck, SctpChunkType.CookieEcho, SctpChunkType.CookieAck],
            link.Sent.Select(p => (SctpChunkType)p.Packet[12]));
    }

    [Fact]
    public void Messages_arrive_whole_and_in_order_both_ways_including_one_cut_into_many_chunks()
    {
        var link = new SctpLink();
        link.Connect();
        var large = new byte[60_000];
        new Random(1).NextBytes(large);

        for (var i = 0; i < 20; i++)
        {
            Assert.True(link.A.Send(1, Binary, BitConverter.GetBytes(i), SctpReliability.Reliable, link.Now));
            link.Pump();
        }

        Assert.True(link.B.Send(2, Binary, large, SctpReliability.Reliable, link.Now));
        link.Pump();
        link.Advance(100);

        Assert.Equal(Enumerable.Range(0, 20), link.SinkB.Messages.Select(m => BitConverter.ToInt32(m.Data)));
        var received = Assert.Single(link.SinkA.Messages);
        Assert.Equal(large, received.Data);
        Assert.Equal((ushort)2, received.Stream);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(1000)]
    [InlineData(1093)]
    public void The_send_queue_wraps_its_byte_ring_for_any_message_size(int size)
    {
        var link = new SctpLink();
        link.Connect();
        var message = new byte[size];

        // Enough messages to go round the 128 KiB ring several times, landing exactly on its end for some sizes.
        var count = 4 * SctpSendQueue.PayloadCapacity / size;
        for (var i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(message, i);
            Assert.True(link.A.Send(1, Binary, message, SctpReliability.Reliable, link.Now), $"message {i} refused");
            link.Pump();
        }

        Assert.Equal(count, link.SinkB.Messages.Count);
        Assert.Equal(count - 1, BinaryPrimitives.ReadInt32BigEndian(link.SinkB.Messages[^1].Data));
    }

    [Fact]
    public void A_burst_of_hundreds_of_small_messages_sent_once_fits_the_receive_window_whole()
    {
        var link = new SctpLink();
        link.Connect();
        var once = new SctpReliability(Unordered: true, MaxRetransmits: 0, LifetimeMs: -1);

        // All in flight before the receiver sees any: the window it advertised must hold every chunk it lets come.
        for (var i = 0; i < 600; i++)
        {
            Assert.True(link.A.Send(2, Binary, BitConverter.GetBytes(i), once, link.Now));
        }

        link.Pump();
        link.Advance(2_000);
        Assert.Equal(Enumerable.Range(0, 600), link.SinkB.Messages.Select(m => BitConverter.ToInt32(m.Data)).Order());
        Assert.Equal(0, link.A.AbandonedChunks);
    }

    [Fact]
    public void A_reliable_stream_survives_the_loss_of_a_fifth_of_the_packets_both_ways()
    {
        var link = new SctpLink();
        link.Connect();
        var random = new Random(4960);
        link.Drop = (_, _, _) => random.NextDouble() < 0.2;

        for (var i = 0; i < 200; i++)
        {
            var message = new byte[300];
            BinaryPrimitives.WriteInt32BigEndian(message, i);
            while (!link.A.Send(7, Binary, message, SctpReliability.Reliable, link.Now))
            {
                link.Advance(10);
            }

            link.Pump();
        }

        link.Advance(60_000);
        Assert.True(link.A.State == SctpAssociationState.Established, $"{link.A.TerminationReason} / {link.B.TerminationReason}");
        Assert.True(link.SinkB.Messages.Count == 200, link.A.DescribeSendState());
        Assert.Equal(Enumerable.Range(0, 200), link.SinkB.Messages.Select(m => BinaryPrimitives.ReadInt32BigEndian(m.Data)));
        Assert.True(link.A.RetransmittedChunks > 0);
        Assert.Equal(SctpAssociationState.Established, link.A.State);
    }

    [Fact]
    public void Unordered_messages_sent_once_are_abandoned_when_lost_and_forward_tsn_keeps_the_rest_flowing()
    {
        var link = new SctpLink();
        link.Connect();
        var unreliable = new SctpReliability(Unordered: true, MaxRetransmits: 0, LifetimeMs: -1);
        var dataPackets = 0;
        link.Drop = (toB, packet, _) => toB && (SctpChunkType)packet[12] == SctpChunkType.Data && ++dataPackets % 4 == 0;

        for (var i = 0; i < 400; i++)
        {
            Assert.True(link.A.Send(3, Binary, BitConverter.GetBytes(i), unreliable, link.Now), $"message {i} did not fit");
            link.Pump();
            link.Advance(10);
        }

        link.Advance(5_000);
        var received = link.SinkB.Messages.Select(m => BitConverter.ToInt32(m.Data)).ToList();
        Assert.InRange(received.Count, 250, 350);
        Assert.Equal(received.Count, received.Distinct().Count());
        Assert.True(link.A.AbandonedChunks > 50);
        Assert.Equal(0, link.A.RetransmittedChunks);
        Assert.Contains(link.Sent, p => p.ToB && ContainsChunk(p.Packet, SctpChunkType.ForwardTsn));

        // Nothing is left waiting: the queue drained, so a last message goes straight through.
        Assert.True(link.A.Send(3, Binary, [42], unreliable, link.Now));
        link.Drop = null;
        link.Pump();
        Assert.Equal([42], link.SinkB.Messages[^1].Data);
    }

    [Fact]
    public void A_message_past_its_lifetime_is_abandoned_without_a_retransmission()
    {
        var link = new SctpLink();
        link.Connect();
        link.Drop = (toB, packet, _) => toB && (SctpChunkType)packet[12] == SctpChunkType.Data;
        Assert.True(link.A.Send(5, Binary, [1, 2, 3], new SctpReliability(false, -1, 50), link.Now));
        link.Advance(3_000);
        link.Drop = null;
        Assert.True(link.A.Send(5, Binary, [4], new SctpReliability(false, -1, 50), link.Now));
        link.Pump();

        Assert.Equal([4], Assert.Single(link.SinkB.Messages).Data);
        Assert.True(link.A.AbandonedChunks >= 1);
    }

    [Fact]
    public void A_stream_reset_reaches_the_peer_which_resets_its_own_side()
    {
        var link = new SctpLink();
        link.Connect();
        Assert.True(link.A.CanResetStreams && link.B.CanResetStreams);
        link.A.Send(4, Binary, [9], SctpReliability.Reliable, link.Now);
        link.Pump();

        link.A.ResetOutgoingStream(4, link.Now);
        link.Pump();
        Assert.Equal([(ushort)4], link.SinkB.Resets);

        link.B.ResetOutgoingStream(4, link.Now);
        link.Pump();
        Assert.Equal([(ushort)4], link.SinkA.Resets);
        Assert.Equal(SctpAssociationState.Established, link.A.State);
    }

    [Fact]
    public void A_heartbeat_is_echoed_unchanged()
    {
        var link = new SctpLink();
        link.Connect();
        var builder = new SctpPacketBuilder(256);
        builder.Begin(5000, 5000, LocalTagOf(link, toB: true));
        var value = builder.Append(SctpChunkType.Heartbeat, 0, 12);
        BinaryPrimitives.WriteUInt16BigEndian(value, 1);
        BinaryPrimitives.WriteUInt16BigEndian(value[2..], 12);
        "beat0001"u8.CopyTo(value[4..]);
        var before = link.Sent.Count;

        link.B.HandlePacket(builder.Finish(), link.Now);

        var reply = link.Sent[before].Packet;
        Assert.Equal(SctpChunkType.HeartbeatAck, (SctpChunkType)reply[12]);
        Assert.Equal("beat0001"u8.ToArray(), reply.AsSpan(20, 8).ToArray());
    }

    [Fact]
    public void Shutdown_ends_both_sides_gracefully()
    {
        var link = new SctpLink();
        link.Connect();
        link.A.Shutdown(link.Now);
        link.Pump();

        Assert.Equal(SctpAssociationState.Terminated, link.A.State);
        Assert.Equal(SctpAssociationState.Terminated, link.B.State);
        Assert.Contains("shut", link.SinkB.Terminated);
    }

    [Fact]
    public void An_abort_ends_the_peer_and_packets_with_a_wrong_tag_are_ignored()
    {
        var link = new SctpLink();
        link.Connect();
        var stray = link.Sent.Last(p => p.ToB).Packet.ToArray();
        stray[4] ^= 0xFF;
        SctpCrc32c.Stamp(stray);
        link.B.HandlePacket(stray, link.Now);
        Assert.Equal(SctpAssociationState.Established, link.B.State);
        Assert.Equal(1, link.B.DiscardedPackets);

        link.A.Abort("test over");
        link.Pump();
        Assert.Equal(SctpAssociationState.Terminated, link.B.State);
        Assert.Contains("aborted", link.SinkB.Terminated);
    }

    [Fact]
    public void A_replayed_cookie_echo_with_a_forged_signature_is_refused()
    {
        var link = new SctpLink();
        link.Connect();
        var echo = link.Sent.First(p => (SctpChunkType)p.Packet[12] == SctpChunkType.CookieEcho).Packet.ToArray();
        var fresh = new SctpLink();
        echo[^1] ^= 1;
        SctpCrc32c.Stamp(echo);
        fresh.B.HandlePacket(echo, fresh.Now);
        Assert.Equal(SctpAssociationState.Closed, fresh.B.State);
        Assert.Empty(fresh.Sent);
    }

    private static uint LocalTagOf(SctpLink link, bool toB) =>
        SctpPacket.VerificationTag(link.Sent.Last(p => p.ToB == toB && (SctpChunkType)p.Packet[12] != SctpChunkType.Init).Packet);

    internal static bool ContainsChunk(byte[] packet, SctpChunkType type)
    {
        foreach (var chunk in new SctpChunkEnumerator(packet))
        {
            if (chunk.Type == type)
            {
                return true;
            }
        }

        return false;
    }
}
