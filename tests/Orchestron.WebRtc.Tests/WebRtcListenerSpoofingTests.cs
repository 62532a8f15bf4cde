using System.Net;
using System.Security.Cryptography;
using Orchestron.Testing;
using Orchestron.WebRtc.Tests.Dtls;
using Orchestron.WebRtc.Tests.Ice;
using Orchestron.WebRtc.Tests.Support;
using Orchestron.WebRtc.Transport;

namespace Orchestron.WebRtc.Tests;

/// <summary>
/// Datagrams that fail authentication, sent from a listener's own address as anyone on the path could: they
/// must change nothing, least of all hide the peer's real goodbye.
/// </summary>
public sealed class WebRtcListenerSpoofingTests
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_flood_of_unauthenticated_datagrams_from_the_listeners_address_does_not_hide_its_close_notify()
    {
        using var server = new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = IPAddress.Loopback });
        using var sender = server.CreateAudioSender();
        var closed = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        sender.ListenerStateChanged += (_, change) =>
        {
            if (change.Current is WebRtcListenerState.Closed or WebRtcListenerState.Failed)
            {
                closed.TrySetResult($"{change.Current}: {change.Reason}");
            }
        };
        using var tone = new TonePacer(sender, 440, 0.5f, sender.SamplesPerChannel);
        using var listener = new LoopbackListener();
        listener.Start(sender.AcceptOffer(listener.Offer()).Sdp);
        await Eventually.TrueAsync(() => listener.IsConnected, ConnectTimeout, () => "connecting");

        foreach (var datagram in Forgeries())
        {
            listener.SendRaw(datagram);
        }

        await Task.Delay(300);
        Assert.False(closed.Task.IsCompleted, "the forgeries ended the listener");
        var before = Interlocked.Read(ref listener.MediaPackets);
        await Task.Delay(300);
        Assert.True(Interlocked.Read(ref listener.MediaPackets) > before + 5, "media stopped after the forgeries");

        listener.CloseDtls();
        var finished = await Task.WhenAny(closed.Task, Task.Delay(TimeSpan.FromSeconds(3)));
        Assert.True(finished == closed.Task, "the real close_notify was missed");
        Assert.StartsWith("Closed", await closed.Task, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => sender.ListenerCount == 0, TimeSpan.FromSeconds(3), () => $"{sender.ListenerCount} listeners");
    }

    /// <summary>Garbage DTLS records of every content type and epoch, unauthenticated STUN, and SRTCP with a bad tag.</summary>
    private static IEnumerable<byte[]> Forgeries()
    {
        for (var round = 0; round < 20; round++)
        {
            foreach (byte contentType in new byte[] { 20, 21, 22, 23 })
            {
                foreach (ushort epoch in new ushort[] { 0, 1, 2 })
                {
                    foreach (var length in new[] { 1, 2, 13, 40, 200 })
                    {
                        yield return ForgedDtlsRecords.Record(contentType, epoch, (ulong)(round * 100 + length), RandomNumberGenerator.GetBytes(length));
                    }
                }
            }

            yield return ForgedDtlsRecords.Record(21, 1, (ulong)round, [2, 40]);
            yield return ForgedDtlsRecords.Record(21, 0, (ulong)round, [2, 40]);
            yield return ForgedDtlsRecords.Record(22, 0, (ulong)round, ClientHelloStart());
            yield return BindingRequests.Create("wrong:user", "wrong-password-of-22-characters");
            yield return Srtcp();
        }
    }

    private static byte[] ClientHelloStart()
    {
        // A handshake header announcing a ClientHello (message_seq 0, one fragment) with random body.
        var body = RandomNumberGenerator.GetBytes(60);
        var message = new byte[12 + body.Length];
        message[0] = 1;
        message[3] = (byte)body.Length;
        message[11] = (byte)body.Length;
        body.CopyTo(message, 12);
        return message;
    }

    private static byte[] Srtcp()
    {
        var packet = RandomNumberGenerator.GetBytes(60);
        packet[0] = 0x80;
        packet[1] = 203;
        packet[2] = 0;
        packet[3] = 1;
        return packet;
    }
}
