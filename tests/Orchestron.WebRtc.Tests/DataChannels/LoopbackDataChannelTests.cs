using System.Net;
using System.Text;
using Orchestron.Testing;
using Orchestron.WebRtc.DataChannels;
using Orchestron.WebRtc.Sctp;
using Orchestron.WebRtc.Tests.Support;
using Orchestron.WebRtc.Transport;

namespace Orchestron.WebRtc.Tests.DataChannels;

/// <summary>
/// Our own peer over real UDP and DTLS: channels work beside the audio, and a peer that breaks SCTP loses its
/// association and channels but keeps its audio.
/// </summary>
public sealed class LoopbackDataChannelTests
{
    [Fact]
    public async Task Channels_carry_messages_beside_the_audio_and_a_broken_sctp_packet_ends_only_the_association()
    {
        using var server = new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = IPAddress.Loopback });
        using var sender = server.CreateAudioSender(new WebRtcAudioSenderOptions());
        var echo = new DataChannelEcho();
        echo.Attach(sender);
        using var tone = new TonePacer(sender, 440, 0.5f, sender.SamplesPerChannel);
        using var peer = new LoopbackListener(dataChannels: true);
        var answer = sender.AcceptOffer(peer.Offer());
        Assert.True(answer.Sdp.Contains("a=sctp-port:5000", StringComparison.Ordinal), answer.Sdp);
        peer.Start(answer.Sdp);
        await Eventually.TrueAsync(() => peer.DataChannelsEstablished, TimeSpan.FromSeconds(15), () => "SCTP never came up");

        var channel = peer.OpenDataChannel("control", ordered: false, maxRetransmits: 0);
        var replies = new List<string>();
        channel.MessageReceived += (_, message, isText) => { lock (replies) { replies.Add(Encoding.UTF8.GetString(message)); } };
        await Eventually.TrueAsync(() => echo.Channels.ContainsKey("control"), TimeSpan.FromSeconds(5), () => "the server never saw the channel");
        for (var i = 0; i < 20; i++)
        {
            Assert.True(channel.SendText($"note {i}"));
        }

        await Eventually.TrueAsync(() => { lock (replies) { return replies.Count == 21; } }, TimeSpan.FromSeconds(5), () => string.Join(", ", replies));
        Assert.False(echo.Channels["control"].Ordered);
        Assert.Equal(0, echo.Channels["control"].MaxRetransmits);

        // A packet whose chunk runs past its end, correctly checksummed: a protocol violation from the peer.
        var broken = new byte[20];
        SctpPacket.WriteCommonHeader(broken, 5000, 5000, 0);
        broken[12] = (byte)SctpChunkType.Data;
        broken[15] = 200;
        SctpCrc32c.Stamp(broken);
        peer.SendApplicationData(broken);
        await Eventually.TrueAsync(() => echo.Closed.Contains("control"), TimeSpan.FromSeconds(5), () => "the server kept the channel");

        var mediaBefore = Interlocked.Read(ref peer.MediaPackets);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.True(Interlocked.Read(ref peer.MediaPackets) > mediaBefore + 40, "the audio stopped with the association");
        Assert.Equal(1, sender.ListenerCount);
        Assert.Equal(WebRtcListenerState.Connected, Assert.Single(sender.GetListenerStatistics()).State);
    }
}
