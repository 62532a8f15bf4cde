using System.Net;
using Orchestron.WebRtc.Opus;
using Orchestron.WebRtc;
using Orchestron.WebRtc.Transport;
using Orchestron.Testing;
using Orchestron.WebRtc.Tests.Support;

namespace Orchestron.WebRtc.Tests;

/// <summary>Fan-out, membership and consent, with loopback listeners made of the package's own client layers.</summary>
public sealed class ListenerLifecycleTests
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_hundred_listeners_on_one_session_all_receive_continuous_audio()
    {
        using var stream = new LoopbackToneSender(new WebRtcAudioSenderOptions { MaxListeners = 100 });
        var (server, sender) = (stream.Server, stream.Sender);
        var listeners = Enumerable.Range(0, 100).Select(_ => new LoopbackListener()).ToArray();
        try
        {
            foreach (var listener in listeners)
            {
                listener.Start(sender.AcceptOffer(listener.Offer()).Sdp);
            }

            await Eventually.TrueAsync(() => listeners.All(l => l.IsConnected), ConnectTimeout,
                () => $"{listeners.Count(l => l.IsConnected)} of 100 connected");
            var before = listeners.Select(l => Interlocked.Read(ref l.MediaPackets)).ToArray();
            await Task.Delay(TimeSpan.FromSeconds(3));

            for (var i = 0; i < listeners.Length; i++)
            {
                var received = Interlocked.Read(ref listeners[i].MediaPackets) - before[i];

                // 3 s of 20 ms frames is 150 packets; the pacer may run late under load but never skips a frame.
                Assert.True(received >= 100, $"listener {i} received {received} packets in 3 s");
                Assert.Equal(0, Interlocked.Read(ref listeners[i].SequenceGaps));
                Assert.Equal(0, Interlocked.Read(ref listeners[i].AuthenticationFailures));
            }

            Assert.Throws<WebRtcNegotiationException>(() => sender.AcceptOffer(new LoopbackListener().Offer()));
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Dispose();
            }
        }
    }

    [Fact]
    public async Task Listeners_join_and_leave_without_disturbing_the_others()
    {
        using var stream = new LoopbackToneSender();
        var (server, sender) = (stream.Server, stream.Sender);
        using var staying = new LoopbackListener();
        using var leaving = new LoopbackListener();
        staying.Start(sender.AcceptOffer(staying.Offer()).Sdp);
        var leavingId = sender.AcceptOffer(leaving.Offer());
        leaving.Start(leavingId.Sdp);
        await Eventually.TrueAsync(() => staying.IsConnected && leaving.IsConnected, ConnectTimeout, () => "connecting");

        Assert.True(sender.RemoveListener(leavingId.ListenerId));
        Assert.False(sender.RemoveListener(leavingId.ListenerId));
        await Task.Delay(200);
        var leftAt = Interlocked.Read(ref leaving.MediaPackets);
        var stayingAt = Interlocked.Read(ref staying.MediaPackets);

        using var joining = new LoopbackListener();
        joining.Start(sender.AcceptOffer(joining.Offer()).Sdp);
        await Eventually.TrueAsync(() => joining.IsConnected, ConnectTimeout, () => "joining");
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Equal(leftAt, Interlocked.Read(ref leaving.MediaPackets));
        Assert.True(Interlocked.Read(ref staying.MediaPackets) > stayingAt + 25);
        Assert.True(Interlocked.Read(ref joining.MediaPackets) > 25);
        Assert.Equal(0, Interlocked.Read(ref staying.SequenceGaps));
        Assert.Equal(2, sender.ListenerCount);
    }

    [Fact]
    public async Task A_listener_that_goes_silent_loses_consent_and_gets_no_more_media()
    {
        var options = new UdpMediaTransportOptions { BindAddress = IPAddress.Loopback, ConsentTimeout = TimeSpan.FromSeconds(2) };
        using var server = new UdpMediaTransport(options);
        using var sender = server.CreateAudioSender(new WebRtcAudioSenderOptions { Opus = { FrameDuration = OpusFrameDuration.TenMilliseconds } });
        var failures = new List<string>();
        sender.ListenerStateChanged += (_, change) =>
        {
            if (change.Current == WebRtcListenerState.Failed)
            {
                lock (failures)
                {
                    failures.Add(change.Reason!);
                }
            }
        };
        using var tone = new TonePacer(sender, 440, 0.5f, sender.SamplesPerChannel);
        using var silent = new LoopbackListener();
        using var faithful = new LoopbackListener();
        silent.Start(sender.AcceptOffer(silent.Offer()).Sdp);
        faithful.Start(sender.AcceptOffer(faithful.Offer()).Sdp);
        await Eventually.TrueAsync(() => silent.IsConnected && faithful.IsConnected, ConnectTimeout, () => "connecting");

        silent.SendChecks = false;
        await Eventually.TrueAsync(() => { lock (failures) { return failures.Count > 0; } }, TimeSpan.FromSeconds(10), () => "consent expiry");
        await Task.Delay(100);
        var silentAt = Interlocked.Read(ref silent.DatagramsReceived);
        var faithfulAt = Interlocked.Read(ref faithful.MediaPackets);
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        Assert.Contains("consent", failures.Single(), StringComparison.Ordinal);
        Assert.Equal(silentAt, Interlocked.Read(ref silent.DatagramsReceived));
        Assert.True(Interlocked.Read(ref faithful.MediaPackets) > faithfulAt + 50);
        Assert.Equal(1, sender.ListenerCount);
    }
}
