using System.Net;
using System.Text.Json;
using Orchestron.Testing;
using Orchestron.WebRtc.DataChannels;
using Orchestron.WebRtc.Opus;
using Orchestron.WebRtc.Transport;

namespace Orchestron.WebRtc.Tests.DataChannels;

/// <summary>aiortc opens a reliable and an unreliable data channel beside the audio; messages go both ways.</summary>
public sealed class AiortcDataChannelTests
{
    private const int Messages = 50;

    [Fact]
    public async Task Aiortc_opens_both_channels_exchanges_messages_and_keeps_hearing_the_audio()
    {
        using var server = new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = IPAddress.Loopback });
        using var sender = server.CreateAudioSender(new WebRtcAudioSenderOptions { Opus = { FrameDuration = OpusFrameDuration.TwentyMilliseconds } });
        var echo = new DataChannelEcho();
        echo.Attach(sender);
        using var tone = new TonePacer(sender, 440, 0.5f, sender.SamplesPerChannel);
        await using var peer = AiortcListener.StartWithDataChannels(seconds: 3, Messages);

        var offer = await peer.ReadMessageAsync(TimeSpan.FromSeconds(30));
        var answer = sender.AcceptOffer(offer.GetProperty("sdp").GetString()!);
        Assert.True(answer.Sdp.Contains("m=application", StringComparison.Ordinal), answer.Sdp);
        await peer.SendAnswerAsync(answer.Sdp);
        var done = await peer.ReadUntilDoneAsync(TimeSpan.FromSeconds(60));
        string Diagnostics() =>
            $"aiortc: {done}\nserver: refused sends {echo.RefusedSends}, received texts {echo.Texts.Count}, binaries {echo.Binaries.Count}, "
            + $"sctp {sender.GetListenerStatistics().FirstOrDefault()}\n{peer.StandardError}";

        Assert.False(done.TryGetProperty("error", out _), Diagnostics());
        Assert.True(done.GetProperty("frames").GetInt32() > 100, Diagnostics());
        Assert.Equal(48_000, done.GetProperty("sampleRate").GetInt32());

        var reliable = echo.Channels["reliable"];
        var unreliable = echo.Channels["unreliable"];
        Assert.True(reliable.Ordered && reliable.Reliable);
        Assert.False(unreliable.Ordered);
        Assert.Equal(0, unreliable.MaxRetransmits);

        var channels = done.GetProperty("channels");
        var seenReliable = channels.GetProperty("reliable");
        var expectedEchoes = new[] { "hello:reliable" }.Concat(Enumerable.Range(0, Messages).Select(i => $"echo:reliable:{i}"));
        Assert.Equal(expectedEchoes, Strings(seenReliable.GetProperty("texts")));
        Assert.Equal(Enumerable.Range(1, Messages).Select(i => i.ToString("x8")), Strings(seenReliable.GetProperty("binaries")));

        // The unreliable channel sends each message once: loopback on a quiet machine loses none, but a burst on a
        // loaded one may lose a few in socket buffers, which nothing sends again.
        var seenUnreliable = channels.GetProperty("unreliable");
        var unreliableTexts = Strings(seenUnreliable.GetProperty("texts")).ToList();
        Assert.True(unreliableTexts.Count >= 0.9 * (Messages + 1), Diagnostics());
        Assert.Equal(unreliableTexts.Count, unreliableTexts.Distinct().Count());
        Assert.True(seenUnreliable.GetProperty("binaries").GetArrayLength() >= 0.9 * Messages, Diagnostics());
        Assert.True(echo.Texts.Count(t => t.Label == "unreliable") >= 0.9 * Messages, Diagnostics());
        Assert.Equal(
            Enumerable.Range(0, Messages).Select(i => $"reliable:{i}"),
            echo.Texts.Where(t => t.Label == "reliable").Select(t => t.Text));

        // aiortc closed "reliable" (a stream reset): our side closed too, and "unreliable" stayed open until then.
        Assert.True(channels.GetProperty("unreliableStillOpen").GetBoolean(), Diagnostics());
        Assert.True(seenReliable.GetProperty("closed").GetBoolean(), Diagnostics());
        Assert.Contains("reliable", echo.Closed);
    }

    private static IEnumerable<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!);
}
