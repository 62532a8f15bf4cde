using System.Net;
using Orchestron.Csound;
using Orchestron.Streaming.Audio;
using Orchestron.Testing;
using Orchestron.WebRtc;
using Orchestron.WebRtc.Opus;
using Orchestron.WebRtc.Transport;

namespace Orchestron.Streaming.Tests;

public sealed class CsoundWebRtcStreamOptionsTests
{
    [Fact]
    public async Task Streams_of_different_frame_sizes_share_sender_options_without_changing_them()
    {
        using var server = new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = IPAddress.Loopback });
        using var tenMs = Compiled();
        using var twentyMs = Compiled();
        var senderOptions = new WebRtcAudioSenderOptions
        {
            MaxListeners = 3,
            Opus = new OpusEncoderOptions { Bitrate = 64_000, FrameDuration = OpusFrameDuration.TwentyMilliseconds },
        };
        var opus = senderOptions.Opus;

        await using var first = CsoundWebRtcStream.Start(tenMs, server, new StreamingAudioOptions { FrameMs = 10 }, senderOptions);
        await using var second = CsoundWebRtcStream.Start(twentyMs, server, new StreamingAudioOptions { FrameMs = 20 }, senderOptions);

        Assert.Equal(480, first.Sender.SamplesPerChannel);
        Assert.Equal(960, second.Sender.SamplesPerChannel);
        Assert.Same(opus, senderOptions.Opus);
        Assert.Equal(OpusFrameDuration.TwentyMilliseconds, senderOptions.Opus.FrameDuration);
        Assert.Equal(64_000, senderOptions.Opus.Bitrate);
        Assert.Equal(3, senderOptions.MaxListeners);
    }

    [Fact]
    public void Invalid_audio_options_are_refused_with_the_setting_named()
    {
        using var server = new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = IPAddress.Loopback });
        using var csound = Compiled();

        var error = Assert.Throws<ArgumentException>(() =>
            CsoundWebRtcStream.Start(csound, server, new StreamingAudioOptions { FrameMs = 15 }));

        Assert.Contains("FrameMs is 15; accepted values are 2.5, 5, 10 and 20.", error.Message, StringComparison.Ordinal);
    }

    private static CsoundInstance Compiled()
    {
        var csound = new CsoundInstance(CsoundInstanceOptions.Headless());
        csound.CompileCsdText(TestInstruments.Sine(440, sampleRate: 48000));
        return csound;
    }
}
