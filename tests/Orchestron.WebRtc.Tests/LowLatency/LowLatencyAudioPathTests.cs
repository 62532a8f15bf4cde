using Microsoft.Extensions.Logging.Abstractions;
using Orchestron.Testing;
using Orchestron.Testing.Allocation;
using Orchestron.WebRtc.DataChannels;
using Orchestron.WebRtc.Dtls;
using Orchestron.WebRtc.LowLatency;
using Orchestron.WebRtc.Opus;
using Orchestron.WebRtc.Tests.DataChannels;

namespace Orchestron.WebRtc.Tests.LowLatency;

/// <summary>
/// The session's low-latency path over a real SCTP association in memory: one encode per frame for every channel,
/// no allocation in steady state, a sine that decodes at its pitch, and a listener's garbage ignored.
/// </summary>
public sealed class LowLatencyAudioPathTests
{
    private const double ToneHz = 1000;

    [Theory]
    [InlineData(OpusFrameDuration.TwoAndAHalfMilliseconds, OpusFrameDuration.TenMilliseconds)]
    [InlineData(OpusFrameDuration.FiveMilliseconds, OpusFrameDuration.FiveMilliseconds)]
    public void Two_listeners_get_every_frame_of_one_encode_continuous_and_at_the_tones_pitch(OpusFrameDuration frame, OpusFrameDuration pacerFrame)
    {
        using var path = new LowLatencyAudioPath(new LowLatencyAudioOptions { FrameDuration = frame }, pacerFrame, NullLogger.Instance);
        var first = new ListenerLink(path);
        var second = new ListenerLink(path);
        var pacerSamples = pacerFrame.ToSamplesPerChannel();
        var tone = new float[pacerSamples * 2];
        const int PacerFrames = 400;
        for (var n = 0; n < PacerFrames; n++)
        {
            FillTone(tone, (long)n * pacerSamples);
            path.SendFrame(tone, (long)n * pacerSamples);
            first.Link.Pump();
            second.Link.Pump();
        }

        var expectedPackets = PacerFrames * pacerSamples / frame.ToSamplesPerChannel();
        Assert.Equal(expectedPackets, path.Statistics.FramesEncoded);
        Assert.Equal(2L * expectedPackets, path.Statistics.PacketsSent);
        foreach (var listener in new[] { first, second })
        {
            Assert.Equal(expectedPackets, listener.Timestamps.Count);
            Assert.All(listener.Timestamps.Zip(listener.Timestamps.Skip(1)), pair => Assert.Equal((uint)frame.ToSamplesPerChannel(), pair.Second - pair.First));
            var left = listener.DecodedLeft.ToArray().AsSpan(listener.DecodedLeft.Count / 4);
            Assert.InRange(SignalAnalysis.Frequency(left, 48_000), ToneHz - 2, ToneHz + 2);
            Assert.InRange(SignalAnalysis.Rms(left), 0.3, 0.4);
        }
    }

    [Fact]
    public void Thousands_of_frames_to_two_listeners_and_their_garbage_back_allocate_nothing()
    {
        using var path = new LowLatencyAudioPath(new LowLatencyAudioOptions { FrameDuration = OpusFrameDuration.TwoAndAHalfMilliseconds }, OpusFrameDuration.TenMilliseconds, NullLogger.Instance);
        var first = new ListenerLink(path, decode: false);
        var second = new ListenerLink(path, decode: false);
        var tone = new float[480 * 2];
        byte[] garbage = [0x7F, 1, 2, 3];
        var n = 0L;

        // Each period also carries a listener's garbage up, so the receive path's handler is measured too.
        void SendOne()
        {
            FillTone(tone, n * 480);
            path.SendFrame(tone, n * 480);
            first.Channel.Send(garbage);
            n++;
            first.Link.Pump();
            second.Link.Pump();
        }

        for (var i = 0; i < 200; i++)
        {
            SendOne();
        }

        var allocations = AllocationTally.Measure(5_000, _ => SendOne());

        Assert.True(allocations.Bytes == 0 && allocations.HasEnoughReadings, allocations.Describe());
        Assert.Equal(4L * n, first.PacketCount);
        Assert.Equal(4L * n, second.PacketCount);
        Assert.Equal(n, path.Statistics.MessagesIgnored);
    }

    [Fact]
    public void A_listeners_garbage_is_ignored_its_pings_answered_at_a_bounded_rate_and_the_audio_goes_on()
    {
        using var path = new LowLatencyAudioPath(new LowLatencyAudioOptions(), OpusFrameDuration.FiveMilliseconds, NullLogger.Instance);
        var listener = new ListenerLink(path, decode: false);
        var tone = new float[240 * 2];
        var random = new Random(19);
        var garbage = 0;
        for (var n = 0; n < 300; n++)
        {
            FillTone(tone, n * 240L);
            path.SendFrame(tone, n * 240L);
            var noise = new byte[random.Next(0, 40)];
            random.NextBytes(noise);
            if (noise.Length != LowLatencyAudioPacket.PingLength || noise[0] != LowLatencyAudioPacket.PingType)
            {
                Assert.True(listener.Channel.Send(noise));
                garbage++;
            }

            Assert.True(listener.Channel.SendText("note-on 60"));
            garbage++;
            listener.Link.Pump();
        }

        // Pings: the first is answered with its own bytes; a burst right after it is over the rate and ignored.
        byte[] ping = [LowLatencyAudioPacket.PingType, 1, 2, 3, 4, 5, 6, 7, 8];
        for (var i = 0; i < 10; i++)
        {
            Assert.True(listener.Channel.Send(ping));
        }

        listener.Link.Pump();
        var statistics = path.Statistics;
        Assert.Equal(1, statistics.PingsAnswered);
        Assert.Equal(garbage + 9, statistics.MessagesIgnored);
        Assert.Equal([[LowLatencyAudioPacket.PongType, 1, 2, 3, 4, 5, 6, 7, 8]], listener.Pongs);
        Assert.Equal(WebRtcDataChannelState.Open, listener.Channel.State);
        Assert.Equal(300, listener.PacketCount);
        Assert.Equal(1, statistics.Channels);
    }

    [Fact]
    public void A_reliable_or_ordered_channel_with_the_label_is_closed_and_a_closed_channel_leaves()
    {
        using var path = new LowLatencyAudioPath(new LowLatencyAudioOptions(), OpusFrameDuration.TwentyMilliseconds, NullLogger.Instance);
        var pair = new DataChannelPair();
        var attached = new List<bool>();
        pair.Server.ChannelOpened += channel => attached.Add(path.TryAttach("listener", channel));
        var reliable = pair.Client.Open(new DataChannelParameters(LowLatencyAudioOptions.DefaultLabel, "", true, null, null));
        var other = pair.Client.Open(new DataChannelParameters("control", "", false, 0, null));
        pair.Pump();

        Assert.Equal([true, false], attached);
        Assert.Equal(WebRtcDataChannelState.Closed, reliable.State);
        Assert.Equal(0, path.Statistics.Channels);

        var unreliable = pair.Client.Open(new DataChannelParameters(LowLatencyAudioOptions.DefaultLabel, "", false, 0, null));
        pair.Pump();
        Assert.Equal(1, path.Statistics.Channels);
        unreliable.Close();
        pair.Pump();
        Assert.Equal(0, path.Statistics.Channels);
        Assert.Equal(WebRtcDataChannelState.Open, other.State);
    }

    private static void FillTone(float[] frame, long firstSample)
    {
        for (var i = 0; i < frame.Length / 2; i++)
        {
            frame[2 * i] = frame[(2 * i) + 1] = 0.5f * MathF.Sin((float)(2 * Math.PI * ToneHz * ((firstSample + i) % 48_000) / 48_000));
        }
    }

    /// <summary>One listener's association, its channel to the path, and what arrives on it.</summary>
    private sealed class ListenerLink
    {
        private readonly OpusDecoder? _decoder;
        private readonly float[] _pcm = new float[OpusDecoder.MaxSamplesPerChannel * 2];

        public ListenerLink(LowLatencyAudioPath path, bool decode = true)
        {
            _decoder = decode ? new OpusDecoder() : null;
            var client = new DataChannelSession(DtlsRole.Client, Link.ToServer, 1120, 5000, NullLogger.Instance);
            var server = new DataChannelSession(DtlsRole.Server, Link.ToClient, 1120, 5000, NullLogger.Instance);
            Link.Client = client;
            Link.Server = server;
            server.ChannelOpened += channel => path.TryAttach("listener", channel);
            client.Connect();
            Link.Pump();
            Channel = client.Open(new DataChannelParameters(LowLatencyAudioOptions.DefaultLabel, "", false, 0, null));
            Channel.MessageReceived += OnMessage;
            Link.Pump();
        }

        public PreallocatedLink Link { get; } = new();

        public WebRtcDataChannel Channel { get; }

        public long PacketCount { get; private set; }

        public List<uint> Timestamps { get; } = [];

        public List<float> DecodedLeft { get; } = [];

        public List<byte[]> Pongs { get; } = [];

        private void OnMessage(WebRtcDataChannel channel, ReadOnlySpan<byte> message, bool isText)
        {
            if (message.Length > 0 && message[0] == LowLatencyAudioPacket.PongType)
            {
                Pongs.Add(message.ToArray());
                return;
            }

            if (!LowLatencyAudioPacket.TryRead(message, out var view))
            {
                throw new InvalidOperationException("The path sent a malformed packet.");
            }

            PacketCount++;
            if (_decoder is null)
            {
                return;
            }

            Timestamps.Add(view.Timestamp);
            var samples = _decoder.Decode(view.Primary, _pcm);
            for (var i = 0; i < samples; i++)
            {
                DecodedLeft.Add(_pcm[2 * i]);
            }
        }
    }
}
