using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Orchestron.WebRtc;
using Orchestron.WebRtc.Transport;
using Orchestron.Testing;
using Orchestron.WebRtc.Tests.Support;

namespace Orchestron.WebRtc.Tests;

/// <summary>A real peer whose credentials do not match what was negotiated gets no media at all.</summary>
public sealed partial class AiortcRejectionTests
{
    [Fact]
    public async Task A_peer_whose_certificate_does_not_match_its_offered_fingerprint_gets_no_media()
    {
        using var server = new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = IPAddress.Loopback });
        using var sender = server.CreateAudioSender();
        var changes = Record(sender);
        using var tone = new TonePacer(sender, 440, 0.5f, sender.SamplesPerChannel);
        await using var peer = AiortcListener.Start(seconds: 1, connectTimeoutSeconds: 8);

        var offer = (await peer.ReadMessageAsync(TimeSpan.FromSeconds(30))).GetProperty("sdp").GetString()!;
        var forged = Fingerprint().Replace(offer, "a=fingerprint:sha-256 " + Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).Chunk(2).Select(c => new string(c)).Aggregate((a, b) => a + ":" + b));
        await peer.SendAnswerAsync(sender.AcceptOffer(forged).Sdp);
        var done = await peer.ReadUntilDoneAsync(TimeSpan.FromSeconds(60));

        lock (changes)
        {
            Assert.DoesNotContain(changes, c => c.Current == WebRtcListenerState.Connected);
            var failure = Assert.Single(changes, c => c.Current == WebRtcListenerState.Failed);
            Assert.Contains("fingerprint", failure.Reason, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(0, done.GetProperty("frames").GetInt32());
    }

    [Fact]
    public async Task A_peer_that_checks_with_the_wrong_ice_password_is_never_answered_and_gets_no_media()
    {
        using var server = new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = IPAddress.Loopback });
        using var sender = server.CreateAudioSender();
        var changes = Record(sender);
        using var tone = new TonePacer(sender, 440, 0.5f, sender.SamplesPerChannel);
        await using var peer = AiortcListener.Start(seconds: 1, connectTimeoutSeconds: 8);

        var offer = (await peer.ReadMessageAsync(TimeSpan.FromSeconds(30))).GetProperty("sdp").GetString()!;
        var answer = sender.AcceptOffer(offer);
        await peer.SendAnswerAsync(IcePassword().Replace(answer.Sdp, "a=ice-pwd:" + new string('x', 24)));
        await Eventually.TrueAsync(
            () => sender.TryGetListenerStatistics(answer.ListenerId, out var s) && s.ChecksRejected > 0,
            TimeSpan.FromSeconds(20),
            () => "a rejected check");
        Assert.True(sender.TryGetListenerStatistics(answer.ListenerId, out var statistics));
        var done = await peer.ReadUntilDoneAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, statistics.ChecksAccepted);
        Assert.Equal(0, statistics.PacketsSent);
        Assert.Equal(WebRtcListenerState.New, statistics.State);
        lock (changes)
        {
            Assert.Empty(changes);
        }

        Assert.Equal(0, done.GetProperty("frames").GetInt32());
    }

    private static List<WebRtcListenerStateChangedEventArgs> Record(WebRtcAudioSender sender)
    {
        var changes = new List<WebRtcListenerStateChangedEventArgs>();
        sender.ListenerStateChanged += (_, change) =>
        {
            lock (changes)
            {
                changes.Add(change);
            }
        };
        return changes;
    }

    [GeneratedRegex("a=fingerprint:sha-256 [0-9A-Fa-f:]+")]
    private static partial Regex Fingerprint();

    [GeneratedRegex("a=ice-pwd:[^\\r\\n]+")]
    private static partial Regex IcePassword();
}
