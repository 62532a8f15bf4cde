using System.Buffers.Binary;
using Orchestron.WebRtc.Sctp;

namespace Orchestron.WebRtc.Tests.Sctp;

/// <summary>
/// Mutated packets from a real exchange, stamped with a valid checksum and tag so that they reach the chunk
/// parsers: nothing throws, and the worst outcome is the end of that one association.
/// </summary>
public sealed class SctpFuzzTests
{
    private const int Iterations = 60_000;

    [Fact]
    public void Mutated_packets_never_throw_and_at_most_end_their_association()
    {
        var corpus = Corpus();
        var random = new Random(4960);
        var link = NewLink();
        var bystander = NewLink();
        var terminations = 0;
        var survived = 0;

        for (var i = 0; i < Iterations; i++)
        {
            if (link.B.State == SctpAssociationState.Terminated)
            {
                Assert.False(string.IsNullOrEmpty(link.SinkB.Terminated));
                terminations++;
                link = NewLink();
            }

            var packet = Mutate(random, corpus[random.Next(corpus.Count)], i);
            if (i % 10 != 0 && packet.Length >= SctpPacket.CommonHeaderLength)
            {
                BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), TagOf(link));
                SctpCrc32c.Stamp(packet);
            }

            link.B.HandlePacket(packet, link.Now);
            Assert.True(link.B.State is SctpAssociationState.Established or SctpAssociationState.Terminated
                or SctpAssociationState.ShutdownAckSent, link.B.State.ToString());
            if (link.B.State == SctpAssociationState.ShutdownAckSent)
            {
                link.B.Abort("reset for the next round");
            }
            else if (link.B.State == SctpAssociationState.Established)
            {
                survived++;
            }
        }

        Assert.True(terminations > 100, $"only {terminations} violations were noticed");
        Assert.True(survived > Iterations / 4, $"only {survived} packets left the association standing");

        // The other association never saw any of it.
        Assert.True(bystander.A.Send(1, 53, [1, 2, 3], SctpReliability.Reliable, bystander.Now));
        bystander.Pump();
        Assert.Equal([1, 2, 3], Assert.Single(bystander.SinkB.Messages).Data);
    }

    private static SctpLink NewLink()
    {
        var link = new SctpLink();
        link.Connect();
        return link;
    }

    private static uint TagOf(SctpLink link) =>
        SctpPacket.VerificationTag(link.Sent.First(p => p.ToB && (SctpChunkType)p.Packet[12] == SctpChunkType.CookieEcho).Packet);

    // A session that produces every chunk type the association parses: handshake, single and fragmented DATA,
    // unordered and abandoned messages (FORWARD-TSN), SACKs with gaps, stream resets, a heartbeat, a shutdown.
    private static List<byte[]> Corpus()
    {
        var link = NewLink();
        var dataPackets = 0;
        link.Drop = (toB, packet, _) => toB && (SctpChunkType)packet[12] == SctpChunkType.Data && ++dataPackets % 5 == 0;
        for (var i = 0; i < 40; i++)
        {
            link.A.Send((ushort)(i % 3), 53, new byte[i * 97 % 3000 + 1], new SctpReliability(i % 2 == 0, i % 4 == 0 ? 0 : -1, -1), link.Now);
            link.B.Send(1, 51, new byte[i + 1], SctpReliability.Reliable, link.Now);
            link.Pump();
        }

        link.Advance(5_000);
        link.A.ResetOutgoingStream(1, link.Now);
        link.Pump();
        var heartbeat = new SctpPacketBuilder(64);
        heartbeat.Begin(5000, 5000, 0);
        var value = heartbeat.Append(SctpChunkType.Heartbeat, 0, 12);
        BinaryPrimitives.WriteUInt32BigEndian(value, 0x0001000C);
        var packets = link.Sent.Select(p => p.Packet).ToList();
        packets.Add(heartbeat.Finish().ToArray());
        link.A.Shutdown(link.Now);
        link.Pump();
        packets.AddRange(link.Sent.Skip(packets.Count - 1).Select(p => p.Packet));
        return packets;
    }

    private static byte[] Mutate(Random random, byte[] valid, int i)
    {
        var copy = (byte[])valid.Clone();
        switch (i % 6)
        {
            case 0:
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    copy[random.Next(SctpPacket.CommonHeaderLength, copy.Length)] ^= (byte)random.Next(1, 256);
                }

                return copy;
            case 1:
                return copy.AsSpan(0, random.Next(0, copy.Length)).ToArray();
            case 2:
                // A chunk length that lies.
                BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(14), (ushort)random.Next(0, 2 * copy.Length));
                return copy;
            case 3:
                copy[12] = (byte)random.Next(256);
                return copy;
            case 4:
                // Lengths and counts inside the chunk's value: gap counts, parameter lengths, stream lists.
                var at = random.Next(16, Math.Max(17, copy.Length));
                if (at + 1 < copy.Length)
                {
                    BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(at), (ushort)random.Next(0, 0x10000));
                }

                return copy;
            default:
                var noise = new byte[random.Next(0, 200)];
                random.NextBytes(noise);
                return noise;
        }
    }
}
