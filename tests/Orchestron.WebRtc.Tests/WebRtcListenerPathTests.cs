using System.Net;
using System.Net.Sockets;
using Orchestron.Testing;
using Orchestron.WebRtc.Tests.Ice;
using Orchestron.WebRtc.Tests.Support;
using Orchestron.WebRtc.Transport;

namespace Orchestron.WebRtc.Tests;

/// <summary>
/// Where a listener's media may go: forged nominations from other addresses, over real loopback sockets. The
/// offerer holds its listener's ICE credentials, so it can forge a valid check from any address it can spoof;
/// a socket on 127.0.0.2 stands in for the victim such a check names.
/// </summary>
public sealed class WebRtcListenerPathTests
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_forged_nomination_from_another_address_sends_it_no_media_and_the_listener_keeps_its_own()
    {
        using var stream = new LoopbackToneSender();
        var (server, sender) = (stream.Server, stream.Sender);
        using var listener = new LoopbackListener();
        listener.Start(sender.AcceptOffer(listener.Offer()).Sdp);
        await Eventually.TrueAsync(() => listener.IsConnected, ConnectTimeout, () => "connecting");

        using var victim = new CountingSocket(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
        var serverEndPoint = new IPEndPoint(IPAddress.Loopback, server.Port);
        var before = Interlocked.Read(ref listener.MediaPackets);
        for (var i = 0; i < 10; i++)
        {
            victim.Socket.SendTo(BindingRequests.Create(listener.CheckUsername, listener.ServerPassword, useCandidate: true), serverEndPoint);
            await Task.Delay(100);
        }

        await Task.Delay(500);

        Assert.Equal(0, victim.MediaDatagrams);
        Assert.True(victim.StunDatagrams > 0, "the victim address should have been probed");
        Assert.True(Interlocked.Read(ref listener.MediaPackets) > before + 40);
        Assert.Equal(0, Interlocked.Read(ref listener.SequenceGaps));
    }

    [Fact]
    public async Task A_forged_first_check_sends_the_named_address_no_media_and_the_real_peer_still_connects()
    {
        using var stream = new LoopbackToneSender();
        var (server, sender) = (stream.Server, stream.Sender);
        using var listener = new LoopbackListener();
        var offer = listener.Offer();
        var answer = sender.AcceptOffer(offer).Sdp;
        var (username, password) = CheckCredentials(offer, answer);

        // The forger's checks start before the real peer's first one and go on throughout.
        using var victim = new CountingSocket(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
        var serverEndPoint = new IPEndPoint(IPAddress.Loopback, server.Port);
        using var stop = new CancellationTokenSource();
        var forger = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                victim.Socket.SendTo(BindingRequests.Create(username, password, useCandidate: true), serverEndPoint);
                await Task.Delay(50);
            }
        });
        await Task.Delay(100);
        listener.Start(answer);
        await Eventually.TrueAsync(() => listener.IsConnected, ConnectTimeout, () => "connecting");
        await Task.Delay(1000);
        await stop.CancelAsync();
        await forger;

        Assert.Equal(0, victim.MediaDatagrams);
        Assert.True(Interlocked.Read(ref listener.MediaPackets) > 25);
    }

    [Fact]
    public async Task A_check_valid_for_ones_own_listener_cannot_take_the_address_of_another()
    {
        using var stream = new LoopbackToneSender();
        var (server, sender) = (stream.Server, stream.Sender);
        using var victim = new LoopbackListener();
        using var claimer = new LoopbackListener();
        victim.Start(sender.AcceptOffer(victim.Offer()).Sdp);
        claimer.Start(sender.AcceptOffer(claimer.Offer()).Sdp);
        await Eventually.TrueAsync(() => victim.IsConnected && claimer.IsConnected, ConnectTimeout, () => "connecting");

        var victimBefore = Interlocked.Read(ref victim.MediaPackets);
        var victimDatagramsBefore = Interlocked.Read(ref victim.DatagramsReceived);
        for (var i = 0; i < 10; i++)
        {
            // The claimer's own, valid credentials, sent from the victim's address.
            victim.SendRaw(BindingRequests.Create(claimer.CheckUsername, claimer.ServerPassword, useCandidate: true));
            await Task.Delay(100);
        }

        await Task.Delay(500);
        var victimMedia = Interlocked.Read(ref victim.MediaPackets) - victimBefore;
        var victimDatagrams = Interlocked.Read(ref victim.DatagramsReceived) - victimDatagramsBefore;

        // Everything the victim received was its own media (plus its own STUN answers): none of the claimer's.
        Assert.Equal(0, Interlocked.Read(ref victim.AuthenticationFailures));
        Assert.Equal(0, Interlocked.Read(ref victim.SequenceGaps));
        Assert.True(victimMedia > 40, $"victim received {victimMedia} packets");
        Assert.True(victimDatagrams - victimMedia < 10, $"victim received {victimDatagrams - victimMedia} datagrams besides media");
        Assert.True(Interlocked.Read(ref claimer.MediaPackets) > 40);
        Assert.Equal(2, sender.ListenerCount);
    }

    /// <summary>The USERNAME and password of checks for the listener this offer and answer made, as the offerer knows them.</summary>
    private static (string Username, string Password) CheckCredentials(string offerSdp, string answerSdp)
    {
        var offer = Orchestron.WebRtc.Sdp.SdpSessionDescription.Parse(offerSdp);
        var answer = Orchestron.WebRtc.Sdp.SdpSessionDescription.Parse(answerSdp);
        var offered = offer.Media.Single();
        var answered = answer.Media.Single();
        return ($"{answer.IceUfragFor(answered)}:{offer.IceUfragFor(offered)}", answer.IcePasswordFor(answered)!);
    }
}
