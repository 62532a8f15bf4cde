using System.Net;
using System.Net.Sockets;
using Orchestron.WebRtc.Stun;
using Orchestron.WebRtc;
using Orchestron.WebRtc.Transport;
using Orchestron.Testing;
using Orchestron.WebRtc.Tests.Support;

namespace Orchestron.WebRtc.Tests.Transport;

/// <summary>Hostile traffic at the shared UDP port disturbs no connected listener and crashes nothing.</summary>
public sealed class DatagramBarrageTests
{
    private const int Datagrams = 100_000;

    [Fact]
    public async Task A_hundred_thousand_random_and_mutated_datagrams_leave_a_connected_listener_undisturbed()
    {
        using var stream = new LoopbackToneSender();
        var (server, sender) = (stream.Server, stream.Sender);
        using var listener = new LoopbackListener();
        var answer = sender.AcceptOffer(listener.Offer());
        listener.Start(answer.Sdp);
        await Eventually.TrueAsync(() => listener.IsConnected, TimeSpan.FromSeconds(30), () => "connecting");
        var mediaBefore = Interlocked.Read(ref listener.MediaPackets);
        var started = DateTime.UtcNow;

        var localUfrag = Answer(answer.Sdp, "a=ice-ufrag:");
        await Task.Run(() => Barrage(server.Port, Seeds(localUfrag)));
        await Task.Delay(TimeSpan.FromSeconds(1));

        var seconds = (DateTime.UtcNow - started).TotalSeconds;
        var media = Interlocked.Read(ref listener.MediaPackets) - mediaBefore;
        Assert.True(server.DatagramsReceived > Datagrams / 2, $"only {server.DatagramsReceived} datagrams reached the server");
        Assert.Equal(0, Interlocked.Read(ref listener.SequenceGaps));
        Assert.Equal(0, Interlocked.Read(ref listener.AuthenticationFailures));
        Assert.True(media >= seconds * 50 * 0.8, $"{media} packets in {seconds:0.0} s");
        Assert.True(sender.TryGetListenerStatistics(answer.ListenerId, out var statistics));
        Assert.Equal(WebRtcListenerState.Connected, statistics.State);

        // And the server still takes newcomers.
        using var newcomer = new LoopbackListener();
        newcomer.Start(sender.AcceptOffer(newcomer.Offer()).Sdp);
        await Eventually.TrueAsync(() => newcomer.IsConnected, TimeSpan.FromSeconds(30), () => "newcomer connecting");
    }

    private static void Barrage(int port, byte[][] seeds)
    {
        var random = new Random(20261121);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var target = new IPEndPoint(IPAddress.Loopback, port);
        var buffer = new byte[1500];
        for (var i = 0; i < Datagrams; i++)
        {
            var length = Mutate(random, seeds[random.Next(seeds.Length)], buffer);
            socket.SendTo(buffer.AsSpan(0, length), SocketFlags.None, target);
            if (i % 2000 == 0)
            {
                // Let the receive loop keep up, so most of the barrage is parsed rather than dropped by the kernel.
                Thread.Sleep(1);
            }
        }
    }

    /// <summary>Shapes that reach every parser: STUN for the live listener, DTLS, RTP, RTCP, and noise.</summary>
    private static byte[][] Seeds(string localUfrag)
    {
        var stun = new byte[256];
        var writer = new StunMessageWriter(stun, StunMessageType.BindingRequest, new byte[12]);
        writer.AddText(StunAttributeType.Username, localUfrag + ":peer");
        writer.AddFlag(StunAttributeType.UseCandidate);
        writer.AddMessageIntegrity("not the password"u8);
        writer.AddFingerprint();
        var dtls = new byte[] { 22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x40, 1, 0, 0, 0x34, 0, 0, 0, 0, 0, 0, 0, 0x34 }.Concat(new byte[64]).ToArray();
        var rtp = new byte[] { 0x80, 0x6F, 0, 1, 0, 0, 0, 0, 1, 2, 3, 4 }.Concat(new byte[100]).ToArray();
        var rtcp = new byte[] { 0x81, 201, 0, 7, 1, 2, 3, 4 }.Concat(new byte[24]).ToArray();
        return [stun[..writer.Length], dtls, rtp, rtcp, new byte[1]];
    }

    private static int Mutate(Random random, byte[] seed, byte[] buffer)
    {
        if (random.Next(5) == 0)
        {
            var noise = random.Next(0, buffer.Length);
            random.NextBytes(buffer.AsSpan(0, noise));
            return noise;
        }

        seed.CopyTo(buffer, 0);
        var length = seed.Length;
        for (var flips = random.Next(1, 8); flips > 0; flips--)
        {
            buffer[random.Next(length)] ^= (byte)(1 << random.Next(8));
        }

        return random.Next(3) == 0 ? random.Next(length + 1) : length;
    }

    private static string Answer(string sdp, string prefix) =>
        sdp.Split("\r\n").First(line => line.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..];
}
