using System.Net;
using Orchestron.Testing;
using Orchestron.WebRtc.Tests.Support;
using Orchestron.WebRtc.Transport;

namespace Orchestron.WebRtc.Tests;

/// <summary>The session sender over a real transport: state changes come up as events, never as calls from below.</summary>
public sealed class WebRtcAudioSenderTests
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Stopping_the_transport_closes_every_listener_of_every_session()
    {
        var transport = new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = IPAddress.Loopback });
        using var first = transport.CreateAudioSender();
        using var second = new WebRtcAudioSender(transport, new WebRtcAudioSenderOptions());
        var closed = new List<string>();
        EventHandler<WebRtcListenerStateChangedEventArgs> record = (_, change) =>
        {
            if (change.Current == WebRtcListenerState.Closed)
            {
                lock (closed)
                {
                    closed.Add(change.Reason!);
                }
            }
        };
        first.ListenerStateChanged += record;
        second.ListenerStateChanged += record;
        using var one = new LoopbackListener();
        using var two = new LoopbackListener();
        one.Start(first.AcceptOffer(one.Offer()).Sdp);
        two.Start(second.AcceptOffer(two.Offer()).Sdp);
        await Eventually.TrueAsync(() => one.IsConnected && two.IsConnected, ConnectTimeout, () => "connecting");
        Assert.Equal(2, transport.EndpointCount);

        transport.Dispose();

        Assert.Equal(["transport stopped", "transport stopped"], closed);
        Assert.Equal(0, first.ListenerCount);
        Assert.Equal(0, second.ListenerCount);
        Assert.Equal(0, transport.EndpointCount);
        Assert.Throws<ObjectDisposedException>(() => transport.CreateAudioSender());
    }

    [Fact]
    public async Task A_listener_that_fails_is_removed_and_its_endpoint_unregistered()
    {
        var options = new UdpMediaTransportOptions { BindAddress = IPAddress.Loopback, ConnectTimeout = TimeSpan.FromMilliseconds(300) };
        using var transport = new UdpMediaTransport(options);
        using var sender = transport.CreateAudioSender();
        var failed = new TaskCompletionSource<WebRtcListenerStateChangedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        sender.ListenerStateChanged += (_, change) =>
        {
            if (change.Current == WebRtcListenerState.Failed)
            {
                failed.TrySetResult(change);
            }
        };

        // An offer nobody follows up: the connect deadline fails it on the transport's timer thread.
        using var absent = new LoopbackListener();
        var answer = sender.AcceptOffer(absent.Offer());
        var change = await failed.Task.WaitAsync(ConnectTimeout);

        Assert.Equal(answer.ListenerId, change.ListenerId);
        Assert.Contains("not connected", change.Reason, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => sender.ListenerCount == 0 && transport.EndpointCount == 0, ConnectTimeout, () => "removal");
        Assert.False(sender.RemoveListener(answer.ListenerId));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_offer_whose_only_fingerprint_is_sha1_is_refused_unless_the_transport_allows_it(bool allow)
    {
        using var transport = new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = IPAddress.Loopback, AllowSha1Fingerprints = allow });
        using var sender = transport.CreateAudioSender();
        using var peer = new LoopbackListener();
        var offer = peer.Offer();
        var start = offer.IndexOf("a=fingerprint:", StringComparison.Ordinal);
        var end = offer.IndexOf('\r', start);
        offer = offer[..start] + "a=fingerprint:sha-1 " + string.Join(':', Enumerable.Repeat("5A", 20)) + offer[end..];

        if (allow)
        {
            Assert.Contains("a=fingerprint:sha-256", sender.AcceptOffer(offer).Sdp, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("sha-1", Assert.Throws<Orchestron.WebRtc.Sdp.SdpNegotiationException>(() => sender.AcceptOffer(offer)).Message, StringComparison.Ordinal);
        }
    }
}
