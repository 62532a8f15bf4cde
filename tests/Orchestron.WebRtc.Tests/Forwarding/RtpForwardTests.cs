using System.Net;
using System.Net.Sockets;
using Orchestron.WebRtc.Forwarding;
using Orchestron.WebRtc.Rtp;
using Orchestron.WebRtc.Srtp;
using Orchestron.WebRtc.Transport;

namespace Orchestron.WebRtc.Tests.Forwarding;

/// <summary>A forward carries the session's own encoded packets, SRTP-protected with the key it announces, and its reports.</summary>
public sealed class RtpForwardTests
{
    private const int Frames = 200;

    [Fact]
    public async Task A_forward_alone_gets_every_frame_encoded_protected_with_its_announced_key_and_in_sequence()
    {
        using var transport = new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = IPAddress.Loopback });
        using var sender = transport.CreateAudioSender(new WebRtcAudioSenderOptions { SenderReportInterval = TimeSpan.FromMilliseconds(100) });
        using var rtp = Bound();
        using var rtcp = Bound();
        var forward = sender.AddForward(new RtpForwardOptions
        {
            RtpEndPoint = (IPEndPoint)rtp.LocalEndPoint!,
            RtcpEndPoint = (IPEndPoint)rtcp.LocalEndPoint!,
            PayloadType = 100,
        });
        var key = Convert.FromBase64String(forward.SrtpCrypto!);
        Assert.Equal(30, key.Length);
        Assert.Equal(RtpForward.SrtpSuite, 80);
        using var receiver = new SrtpContext(SrtpProtectionProfile.Aes128CmHmacSha1_80, key.AsSpan(0, 16), key.AsSpan(16));

        // Read while sending, as a mountpoint does: a socket left unread drops packets once its buffer is full.
        var packets = ReceiveOnThreadOfItsOwn(rtp, Frames);
        SendSine(sender, 0, Frames);

        var buffer = new byte[1500];
        RtpHeader? previous = null;
        foreach (var packet in await packets.WaitAsync(TimeSpan.FromSeconds(10)))
        {
            packet.CopyTo(buffer, 0);
            var length = packet.Length;
            Assert.Equal(SrtpUnprotectResult.Success, receiver.Unprotect(buffer, length, out var plainLength));
            Assert.True(RtpHeader.TryRead(buffer.AsSpan(0, plainLength), out var header, out _, out var payloadLength));
            Assert.Equal(sender.Ssrc, header.Ssrc);
            Assert.Equal(100, header.PayloadType);
            Assert.True(payloadLength > 0);
            if (previous is { } last)
            {
                Assert.Equal((ushort)(last.SequenceNumber + 1), header.SequenceNumber);
                Assert.Equal(last.Timestamp + (uint)sender.SamplesPerChannel, header.Timestamp);
            }

            previous = header;
        }

        // Sender reports go in clear, as the plugin reads its RTCP port: an SR (type 200) about the stream's SSRC.
        var reportLength = rtcp.Receive(buffer);
        Assert.Equal(200, buffer[1]);
        Assert.True(reportLength >= RtcpWriter.SenderReportLength);
        Assert.Equal(Frames, forward.PacketsSent);
        Assert.Equal(0, sender.ListenerCount);
    }

    [Fact]
    public void A_removed_forward_says_goodbye_and_gets_nothing_more()
    {
        using var transport = new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = IPAddress.Loopback });
        using var sender = transport.CreateAudioSender();
        using var rtp = Bound();
        using var rtcp = Bound();
        var forward = sender.AddForward(new RtpForwardOptions
        {
            RtpEndPoint = (IPEndPoint)rtp.LocalEndPoint!,
            RtcpEndPoint = (IPEndPoint)rtcp.LocalEndPoint!,
            Srtp = false,
        });
        Assert.Null(forward.SrtpCrypto);
        SendSine(sender, 0, 10);

        Assert.True(sender.RemoveForward(forward));
        Assert.False(sender.RemoveForward(forward));
        SendSine(sender, 10, 10);

        Assert.Equal(10, forward.PacketsSent);
        Assert.Equal(0, sender.ForwardCount);
        var buffer = new byte[1500];
        var sawGoodbye = false;
        rtcp.ReceiveTimeout = 2000;
        while (!sawGoodbye)
        {
            var length = rtcp.Receive(buffer);
            sawGoodbye = ContainsPacketType(buffer.AsSpan(0, length), 203);
        }

        Assert.True(sawGoodbye);
    }

    [Fact]
    public void A_removed_srtp_forward_sends_nothing_even_to_a_pacer_that_still_holds_it()
    {
        using var transport = new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = IPAddress.Loopback });
        using var sender = transport.CreateAudioSender();
        using var rtp = Bound();
        var forward = sender.AddForward(new RtpForwardOptions { RtpEndPoint = (IPEndPoint)rtp.LocalEndPoint! });
        sender.RemoveForward(forward);
        var packet = new byte[RtpHeader.Length + 20];
        new RtpHeader(111, false, 1, 960, sender.Ssrc).WriteTo(packet);

        // What a pacer that read the membership before the removal would do next.
        forward.SendMedia(packet, 20);

        Assert.Equal(0, forward.PacketsSent);
        rtp.ReceiveTimeout = 300;
        Assert.Throws<SocketException>(() => rtp.Receive(new byte[1500]));
    }

    [Fact]
    public void A_forward_to_an_address_the_socket_cannot_reach_is_refused()
    {
        using var transport = new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = IPAddress.Loopback });
        using var sender = transport.CreateAudioSender();

        Assert.Throws<ArgumentException>(() => sender.AddForward(new RtpForwardOptions { RtpEndPoint = new IPEndPoint(IPAddress.IPv6Loopback, 5000) }));
        Assert.Throws<ArgumentException>(() => sender.AddForward(new RtpForwardOptions { RtpEndPoint = new IPEndPoint(IPAddress.Loopback, 0) }));
        Assert.Equal(0, sender.ForwardCount);
    }

    /// <summary>
    /// Reads <paramref name="count"/> datagrams on a thread started before anything is sent. A pool thread could
    /// start late while other tests keep the pool busy, and 200 datagrams are about what a default receive buffer
    /// holds, so a late reader would lose some.
    /// </summary>
    private static Task<List<byte[]>> ReceiveOnThreadOfItsOwn(Socket socket, int count)
    {
        var result = new TaskCompletionSource<List<byte[]>>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var reading = new ManualResetEventSlim();
        var thread = new Thread(() =>
        {
            try
            {
                var received = new List<byte[]>(count);
                var datagram = new byte[1500];
                reading.Set();
                while (received.Count < count)
                {
                    received.Add(datagram.AsSpan(0, socket.Receive(datagram)).ToArray());
                }

                result.SetResult(received);
            }
            catch (Exception exception)
            {
                result.SetException(exception);
            }
        })
        { IsBackground = true, Name = "forward receiver" };
        thread.Start();
        reading.Wait();
        return result.Task;
    }

    private static Socket Bound()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 5000 };
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private static void SendSine(WebRtcAudioSender sender, int firstFrame, int frames)
    {
        var frame = new float[sender.SamplesPerChannel * 2];
        for (var n = firstFrame; n < firstFrame + frames; n++)
        {
            for (var i = 0; i < frame.Length; i += 2)
            {
                var t = ((long)n * sender.SamplesPerChannel) + (i / 2);
                frame[i] = frame[i + 1] = 0.5f * MathF.Sin(2 * MathF.PI * 1000 * t / 48_000f);
            }

            sender.SendFrame(frame, (long)n * sender.SamplesPerChannel, isSilence: false);
            if (n % 20 == 0)
            {
                // Spread over more than one report interval, as a pacer would.
                Thread.Sleep(15);
            }
        }
    }

    private static bool ContainsPacketType(ReadOnlySpan<byte> compound, byte type)
    {
        var offset = 0;
        while (offset + 4 <= compound.Length)
        {
            if (compound[offset + 1] == type)
            {
                return true;
            }

            offset += 4 * (((compound[offset + 2] << 8) | compound[offset + 3]) + 1);
        }

        return false;
    }
}
