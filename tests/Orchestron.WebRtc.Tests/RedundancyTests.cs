using System.Buffers.Binary;
using System.Net;
using Orchestron.Testing;
using Orchestron.Testing.Allocation;
using Orchestron.WebRtc.Rtp;
using Orchestron.WebRtc.Tests.Support;
using Orchestron.WebRtc.Transport;

namespace Orchestron.WebRtc.Tests;

/// <summary>
/// RTP redundancy (RFC 2198) per listener: a listener whose offer has RED gets the session's packets with earlier
/// ones repeated, byte for byte, while its neighbour without RED gets plain Opus from the same encode.
/// </summary>
public sealed class RedundancyTests
{
    private const byte RedPayloadType = 63;
    private const byte OpusPayloadType = 111;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_red_listener_gets_each_earlier_packet_repeated_and_its_neighbour_plain_opus(int distance)
    {
        using var transport = new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = IPAddress.Loopback });
        using var sender = transport.CreateAudioSender(new WebRtcAudioSenderOptions { RedundancyDistance = distance });
        using var red = new LoopbackListener(offerRed: true) { Packets = new() };
        using var plain = new LoopbackListener() { Packets = new() };
        var redAnswer = sender.AcceptOffer(red.Offer());
        red.Start(redAnswer.Sdp);
        plain.Start(sender.AcceptOffer(plain.Offer()).Sdp);
        await Eventually.TrueAsync(() => red.IsConnected && plain.IsConnected, ConnectTimeout, () => "connecting");
        await Eventually.TrueAsync(
            () => sender.GetListenerStatistics().All(listener => listener.State == WebRtcListenerState.Connected), ConnectTimeout, () => "connected");

        var frame = Tone(sender.SamplesPerChannel);
        const int Frames = 50;
        for (var n = 0; n < Frames; n++)
        {
            sender.SendFrame(frame, n * (long)sender.SamplesPerChannel, isSilence: false);
        }

        await Eventually.TrueAsync(() => red.Packets!.Count >= Frames && plain.Packets!.Count >= Frames, ConnectTimeout, () => "packets");

        // The plain listener's packets are the session's primaries, by RTP timestamp.
        var primaries = plain.Packets!.ToDictionary(Timestamp, packet => packet[RtpHeader.Length..]);
        Assert.All(plain.Packets!, packet => Assert.Equal(OpusPayloadType, packet[1] & 0x7F));
        var redundantBlocks = 0;
        foreach (var packet in red.Packets!)
        {
            Assert.Equal(RedPayloadType, packet[1] & 0x7F);
            var (blocks, primary) = ParseRed(packet.AsSpan(RtpHeader.Length), Timestamp(packet));
            Assert.Equal(primaries[Timestamp(packet)], primary);
            Assert.InRange(blocks.Count, 0, distance);
            foreach (var (timestamp, data) in blocks)
            {
                Assert.Equal(primaries[timestamp], data);
                redundantBlocks++;
            }
        }

        // Every packet but the first `distance` ones carries `distance` blocks: Frames * distance minus the ramp-up.
        Assert.Equal((Frames * distance) - (distance * (distance + 1) / 2), redundantBlocks);
        var statistics = sender.GetListenerStatistics().Single(listener => listener.ListenerId == redAnswer.ListenerId);
        Assert.Equal(distance, statistics.RedundancyDistance);
        Assert.Equal(redundantBlocks, statistics.RedundantBlocksSent);
        Assert.Equal(0, sender.GetListenerStatistics().Single(listener => listener.ListenerId != redAnswer.ListenerId).RedundantBlocksSent);
    }

    [Fact]
    public async Task Sending_thousands_of_frames_to_red_and_plain_listeners_allocates_nothing()
    {
        using var transport = new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = IPAddress.Loopback });
        using var sender = transport.CreateAudioSender(new WebRtcAudioSenderOptions { RedundancyDistance = RedundancyDistance.Max });
        using var red = new LoopbackListener(offerRed: true);
        using var plain = new LoopbackListener();
        red.Start(sender.AcceptOffer(red.Offer()).Sdp);
        plain.Start(sender.AcceptOffer(plain.Offer()).Sdp);
        await Eventually.TrueAsync(() => red.IsConnected && plain.IsConnected, ConnectTimeout, () => "connecting");
        var frame = Tone(sender.SamplesPerChannel);
        for (var n = 0; n < 800; n++)
        {
            sender.SendFrame(frame, n * (long)sender.SamplesPerChannel, isSilence: false);
        }

        const int Frames = 5_000;
        var allocations = new AllocationTally();
        for (var n = 0; n < Frames; n++)
        {
            var stretch = AllocationStretch.Begin();
            sender.SendFrame(frame, (n + 800L) * sender.SamplesPerChannel, isSilence: false);
            allocations.Add(stretch.End());
        }

        Assert.True(allocations.Bytes == 0 && allocations.HasEnoughReadings, allocations.Describe());
        await Eventually.TrueAsync(() => Interlocked.Read(ref red.MediaPackets) >= 5_000, TimeSpan.FromSeconds(10), () => $"{red.MediaPackets} packets arrived");
        Assert.Contains(sender.GetListenerStatistics(), listener => listener.RedundantBlocksSent >= 2 * Frames);
    }

    private static uint Timestamp(byte[] packet) => BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(4));

    /// <summary>An RFC 2198 reader, written from the RFC apart from the writer, for the test to check against.</summary>
    private static (List<(uint Timestamp, byte[] Data)> Blocks, byte[] Primary) ParseRed(ReadOnlySpan<byte> payload, uint timestamp)
    {
        var headers = new List<(uint Offset, int Length)>();
        var position = 0;
        while ((payload[position] & 0x80) != 0)
        {
            var header = BinaryPrimitives.ReadUInt32BigEndian(payload[position..]);
            Assert.Equal(OpusPayloadType, (int)((header >> 24) & 0x7F));
            headers.Add(((header >> 10) & 0x3FFF, (int)(header & 0x3FF)));
            position += 4;
        }

        Assert.Equal(OpusPayloadType, payload[position++]);
        var blocks = new List<(uint, byte[])>();
        foreach (var (offset, length) in headers)
        {
            blocks.Add((timestamp - offset, payload.Slice(position, length).ToArray()));
            position += length;
        }

        return (blocks, payload[position..].ToArray());
    }

    private static float[] Tone(int samplesPerChannel)
    {
        var frame = new float[samplesPerChannel * 2];
        for (var i = 0; i < frame.Length; i += 2)
        {
            frame[i] = frame[i + 1] = 0.5f * MathF.Sin(2 * MathF.PI * 440 * (i / 2) / 48_000f);
        }

        return frame;
    }
}
