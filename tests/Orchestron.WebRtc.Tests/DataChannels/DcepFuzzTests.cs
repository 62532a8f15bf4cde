using Microsoft.Extensions.Logging.Abstractions;
using Orchestron.WebRtc.DataChannels;
using Orchestron.WebRtc.Dtls;
using Orchestron.WebRtc.Sctp;
using Orchestron.WebRtc.Tests.Sctp;

namespace Orchestron.WebRtc.Tests.DataChannels;

/// <summary>
/// A raw SCTP peer sends mutated DCEP messages and data with unknown PPIDs on many streams: each bad one closes
/// at most its own channel, while the association and a channel opened properly keep working.
/// </summary>
public sealed class DcepFuzzTests
{
    private const int Iterations = 20_000;
    private const ushort KeptStream = 1000;

    [Fact]
    public void Mutated_dcep_messages_close_at_most_their_own_channel()
    {
        var toServer = new Queue<byte[]>();
        var toPeer = new Queue<byte[]>();
        var peerSink = new RecordingSink();
        var peer = new SctpAssociation(peerSink, packet => toServer.Enqueue(packet.ToArray()), 1120, 65536);
        var server = new DataChannelSession(DtlsRole.Server, packet => toPeer.Enqueue(packet.ToArray()), 1120, 5000, NullLogger.Instance);
        var opened = new List<WebRtcDataChannel>();
        server.ChannelOpened += channel =>
        {
            opened.Add(channel);
            if (channel.Id != KeptStream)
            {
                channel.Close();
            }
        };

        void Pump()
        {
            while (toServer.Count > 0 || toPeer.Count > 0)
            {
                while (toServer.TryDequeue(out var packet))
                {
                    server.HandlePacket(packet);
                }

                while (toPeer.TryDequeue(out var packet))
                {
                    peer.HandlePacket(packet, Environment.TickCount64);
                }

                // The raw peer answers each reset of ours with its own, as a browser does.
                foreach (var stream in peerSink.Resets)
                {
                    peer.ResetOutgoingStream(stream, Environment.TickCount64);
                }

                peerSink.Resets.Clear();
            }
        }

        peer.Connect(Environment.TickCount64);
        Pump();
        var valid = OpenMessage("kept", "proto");
        peer.Send(KeptStream, DataChannelPpid.Dcep, valid, SctpReliability.Reliable, Environment.TickCount64);
        Pump();
        var kept = Assert.Single(opened);
        var keptMessages = new ChannelRecorder(kept);

        var random = new Random(8832);
        for (var i = 0; i < Iterations; i++)
        {
            var stream = (ushort)(random.Next(0, 64) * 2);
            var (ppid, message) = Mutate(random, valid, i);
            peer.Send(stream, ppid, message, SctpReliability.Reliable, Environment.TickCount64);
            Pump();
            Assert.Equal(SctpAssociationState.Established, server.AssociationState);
        }

        Assert.Equal(WebRtcDataChannelState.Open, kept.State);
        Assert.True(opened.Count > 100, $"only {opened.Count} mutated opens were valid");
        Assert.True(server.ChannelCount <= 2, $"{server.ChannelCount} channels left open");
        peer.Send(KeptStream, DataChannelPpid.String, "still here"u8, SctpReliability.Reliable, Environment.TickCount64);
        Pump();
        Assert.Equal("still here"u8.ToArray(), keptMessages.Messages[^1].Data);
    }

    private static byte[] OpenMessage(string label, string protocol)
    {
        var parameters = new DataChannelParameters(label, protocol, true, null, null);
        var message = new byte[DcepMessage.OpenLength(parameters)];
        DcepMessage.WriteOpen(message, parameters);
        return message;
    }

    private static (uint Ppid, byte[] Message) Mutate(Random random, byte[] valid, int i)
    {
        var copy = (byte[])valid.Clone();
        switch (i % 6)
        {
            case 0:
                copy[random.Next(copy.Length)] ^= (byte)random.Next(1, 256);
                return (DataChannelPpid.Dcep, copy);
            case 1:
                return (DataChannelPpid.Dcep, copy.AsSpan(0, random.Next(1, copy.Length)).ToArray());
            case 2:
                return (DataChannelPpid.Dcep, [(byte)random.Next(256)]);
            case 3:
                return ((uint)random.Next(0, 100), copy);
            case 4:
                return (DataChannelPpid.Dcep, copy);
            default:
                var noise = new byte[random.Next(1, 64)];
                random.NextBytes(noise);
                return (DataChannelPpid.Dcep, noise);
        }
    }
}
