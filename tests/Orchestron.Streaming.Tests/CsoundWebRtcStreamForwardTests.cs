using System.Net;
using System.Net.Sockets;
using Orchestron.Csound;
using Orchestron.Streaming;
using Orchestron.Streaming.Audio;
using Orchestron.Testing;
using Orchestron.WebRtc.Forwarding;
using Orchestron.WebRtc.Transport;

namespace Orchestron.Streaming.Tests;

/// <summary>A forward keeps a live stream encoded and paced with nobody listening directly, and only while it exists.</summary>
public sealed class CsoundWebRtcStreamForwardTests
{
    [Fact]
    public async Task A_forward_alone_receives_the_paced_stream_and_removing_it_stops_the_packets()
    {
        using var server = new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = IPAddress.Loopback });
        using var csound = new CsoundInstance(CsoundInstanceOptions.Headless());
        csound.CompileCsdText(TestInstruments.Sine(1000, 48_000));
        await using var stream = CsoundWebRtcStream.Start(csound, server, new StreamingAudioOptions { FrameMs = 20 });
        using var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 5000 };
        receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await Task.Delay(300);
        Assert.Equal(0, stream.Sender.FramesSent);

        var forward = stream.AddForward(new RtpForwardOptions { RtpEndPoint = (IPEndPoint)receiver.LocalEndPoint!, Srtp = false });
        var buffer = new byte[1500];
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        for (var n = 0; n < 50; n++)
        {
            receiver.Receive(buffer);
        }

        // Fifty 20 ms packets arrive paced, in about a second and never much faster: not a burst from a backlog.
        Assert.InRange(System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds, 0.8, 10.0);
        Assert.Equal(0, stream.Sender.ListenerCount);

        Assert.True(stream.RemoveForward(forward));
        await Task.Delay(200);
        var sent = stream.Sender.FramesSent;
        await Task.Delay(500);

        Assert.Equal(sent, stream.Sender.FramesSent);
        Assert.False(stream.RemoveForward(forward));
    }
}
