using System.Net;
using System.Net.Sockets;
using Orchestron.WebRtc.Forwarding;
using Orchestron.WebRtc;
using Orchestron.WebRtc.Transport;
using Orchestron.Testing;
using Orchestron.WebRtc.Tests.Support;
using Orchestron.Testing.Allocation;

namespace Orchestron.WebRtc.Tests;

/// <summary>Steady-state streaming allocates nothing: encode, packetise, and protect and send per listener.</summary>
public sealed class FanOutAllocationTests
{
    [Fact]
    public async Task Sending_thousands_of_frames_to_connected_listeners_and_an_srtp_forward_allocates_nothing()
    {
        using var server = new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = IPAddress.Loopback });
        using var sender = server.CreateAudioSender(new WebRtcAudioSenderOptions { SenderReportInterval = TimeSpan.FromTicks(1) });
        using var first = new LoopbackListener();
        using var second = new LoopbackListener();
        first.Start(sender.AcceptOffer(first.Offer()).Sdp);
        second.Start(sender.AcceptOffer(second.Offer()).Sdp);
        await Eventually.TrueAsync(() => first.IsConnected && second.IsConnected, TimeSpan.FromSeconds(30), () => "connecting");
        using var mountpoint = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        mountpoint.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var forward = sender.AddForward(new RtpForwardOptions
        {
            RtpEndPoint = (IPEndPoint)mountpoint.LocalEndPoint!,
            RtcpEndPoint = (IPEndPoint)mountpoint.LocalEndPoint!,
        });

        var frame = new float[sender.SamplesPerChannel * 2];
        for (var i = 0; i < frame.Length; i += 2)
        {
            frame[i] = frame[i + 1] = 0.5f * MathF.Sin(2 * MathF.PI * 440 * (i / 2) / 48_000f);
        }

        // Warm up: first sender report, SRTCP stream state, socket buffers. (The project compiles fully up
        // front, so the JIT's tier promotions cannot allocate inside the measured stretch.)
        for (var n = 0; n < 800; n++)
        {
            sender.SendFrame(frame, n * sender.SamplesPerChannel, isSilence: false);
        }

        // Per-frame counts, kept in a preallocated array, name the frames that allocate if any do.
        const int Frames = 5_000;
        var perFrame = new AllocationReading[Frames];
        var allocations = new AllocationTally();
        for (var n = 0; n < Frames; n++)
        {
            var stretch = AllocationStretch.Begin();
            sender.SendFrame(frame, (n + 800L) * sender.SamplesPerChannel, isSilence: false);
            perFrame[n] = stretch.End();
            allocations.Add(perFrame[n]);
        }

        var culprits = perFrame.Select((reading, n) => (reading.Bytes, n)).Where(f => f.Bytes > 0).Select(f => $"frame {f.n}: {f.Bytes} B");
        Assert.True(allocations.Bytes == 0 && allocations.HasEnoughReadings, $"{allocations.Describe()}: {string.Join(", ", culprits)}");
        await Eventually.TrueAsync(() => Interlocked.Read(ref second.MediaPackets) >= 5_000, TimeSpan.FromSeconds(10),
            () => $"{second.MediaPackets} packets arrived");
        Assert.Equal(5_800, forward.PacketsSent);
    }
}
