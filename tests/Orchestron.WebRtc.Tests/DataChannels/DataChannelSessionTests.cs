using System.Text;
using Orchestron.WebRtc.DataChannels;
using Orchestron.WebRtc.Sctp;

namespace Orchestron.WebRtc.Tests.DataChannels;

/// <summary>DCEP and the channels on top of two of our own associations in memory.</summary>
public sealed class DataChannelSessionTests
{
    [Fact]
    public void A_channel_opened_on_one_side_appears_on_the_other_with_its_label_protocol_and_reliability()
    {
        var pair = new DataChannelPair();
        Assert.True(pair.IsEstablished);

        var opened = pair.Client.Open(new DataChannelParameters("notes", "orchestron-control", Ordered: false, MaxRetransmits: 0, MaxPacketLifeTime: null));
        var timed = pair.Client.Open(new DataChannelParameters("knobs", "", Ordered: true, MaxRetransmits: null, MaxPacketLifeTime: TimeSpan.FromMilliseconds(150)));
        pair.Pump();

        Assert.Equal([0, 2], new[] { opened.Id, timed.Id }.Select(id => (int)id));
        Assert.Equal(2, pair.ServerOpened.Count);
        var notes = pair.ServerOpened[0];
        Assert.Equal(("notes", "orchestron-control", false, 0, (TimeSpan?)null), (notes.Label, notes.Protocol, notes.Ordered, notes.MaxRetransmits, notes.MaxPacketLifeTime));
        var knobs = pair.ServerOpened[1];
        Assert.Equal(("knobs", true, (int?)null, TimeSpan.FromMilliseconds(150)), (knobs.Label, knobs.Ordered, knobs.MaxRetransmits, knobs.MaxPacketLifeTime));
        Assert.False(knobs.Reliable);
    }

    [Fact]
    public void The_dtls_server_opens_channels_on_odd_streams()
    {
        var pair = new DataChannelPair();
        var first = pair.Server.Open(new DataChannelParameters("a", "", true, null, null));
        var second = pair.Server.Open(new DataChannelParameters("b", "", true, null, null));
        pair.Pump();

        Assert.Equal([1, 3], new[] { first.Id, second.Id }.Select(id => (int)id));
        Assert.Equal(["a", "b"], pair.ClientOpened.Select(c => c.Label));
    }

    [Fact]
    public void Text_binary_and_empty_messages_keep_their_kind_both_ways()
    {
        var pair = new DataChannelPair();
        var local = pair.Client.Open(new DataChannelParameters("chat", "", true, null, null));
        pair.Pump();
        var remote = pair.ServerOpened.Single();
        var atServer = new ChannelRecorder(remote);
        var atClient = new ChannelRecorder(local);

        Assert.True(local.SendText("héllo"));
        Assert.True(local.Send([1, 2, 3]));
        Assert.True(local.SendText(""));
        Assert.True(local.Send([]));
        var large = new string('x', 40_000);
        Assert.True(local.SendText(large));
        Assert.True(remote.SendText("back"));
        pair.Pump();

        Assert.Equal(
            [("héllo", true), ("010203", false), ("", true), ("", false), (large, true)],
            atServer.Messages.Select(m => (m.IsText ? Encoding.UTF8.GetString(m.Data) : Convert.ToHexString(m.Data), m.IsText)));
        Assert.Equal("back", Encoding.UTF8.GetString(Assert.Single(atClient.Messages).Data));
        Assert.Throws<ArgumentException>(() => local.Send(new byte[local.MaxMessageSize + 1]));
    }

    [Fact]
    public void Closing_a_channel_closes_both_sides_and_leaves_the_others_open()
    {
        var pair = new DataChannelPair();
        var closing = pair.Client.Open(new DataChannelParameters("one", "", true, null, null));
        var staying = pair.Client.Open(new DataChannelParameters("two", "", true, null, null));
        pair.Pump();
        var remoteClosing = new ChannelRecorder(pair.ServerOpened[0]);
        var localClosing = new ChannelRecorder(closing);
        var remoteStaying = new ChannelRecorder(pair.ServerOpened[1]);

        closing.Close();
        pair.Pump();

        Assert.Equal(WebRtcDataChannelState.Closed, closing.State);
        Assert.Equal(WebRtcDataChannelState.Closed, pair.ServerOpened[0].State);
        Assert.Equal((1, 1), (localClosing.ClosedCount, remoteClosing.ClosedCount));
        Assert.False(closing.SendText("late"));
        Assert.True(staying.SendText("still open"));
        pair.Pump();
        Assert.Single(remoteStaying.Messages);
        Assert.Equal(1, pair.Server.ChannelCount);

        // A new channel opens beside the survivor.
        pair.Client.Open(new DataChannelParameters("three", "", true, null, null));
        pair.Pump();
        Assert.Equal("three", pair.ServerOpened[^1].Label);
        Assert.Equal(2, pair.Server.ChannelCount);
    }

    [Fact]
    public void When_the_association_ends_every_channel_closes()
    {
        var pair = new DataChannelPair();
        pair.Client.Open(new DataChannelParameters("one", "", true, null, null));
        pair.Pump();
        var remote = new ChannelRecorder(pair.ServerOpened[0]);

        pair.Client.Close("listener removed");
        pair.Pump();

        Assert.Equal(SctpAssociationState.Terminated, pair.Server.AssociationState);
        Assert.Equal(1, remote.ClosedCount);
        Assert.Equal(0, pair.Server.ChannelCount);
    }
}
