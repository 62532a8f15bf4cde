using System.Net;
using Orchestron.Csound;
using Orchestron.Streaming;
using Orchestron.Streaming.Audio;
using Orchestron.WebRtc;
using Orchestron.WebRtc.Transport;
using Orchestron.Testing;

namespace Orchestron.Streaming.Tests;

/// <summary>The whole chain: Csound renders, the pipeline resamples and paces, aiortc hears the instrument.</summary>
public sealed class CsoundStreamEndToEndTests
{
    [Fact]
    public async Task Aiortc_hears_a_live_csound_instrument_through_the_whole_pipeline()
    {
        using var server = new UdpMediaTransport(new UdpMediaTransportOptions { BindAddress = IPAddress.Loopback });
        using var csound = new CsoundInstance(CsoundInstanceOptions.Headless());
        // 44.1 kHz with ksmps 32 is the rate the original streamed 0.47% fast; the pipeline must deliver it exactly.
        csound.CompileCsdText(TestInstruments.Sine(440));
        await using var stream = CsoundWebRtcStream.Start(csound, server, new StreamingAudioOptions { FrameMs = 20 });
        await using var peer = AiortcListener.Start(seconds: 3);

        var offer = await peer.ReadMessageAsync(TimeSpan.FromSeconds(30));
        await peer.SendAnswerAsync(stream.AcceptOffer(offer.GetProperty("sdp").GetString()!).Sdp);
        var done = await peer.ReadUntilDoneAsync(TimeSpan.FromSeconds(60));

        Assert.False(done.TryGetProperty("error", out var error), $"{error}\n{peer.StandardError}");
        var left = SignalAnalysis.LeftChannelFromS16Stereo(await File.ReadAllBytesAsync(peer.OutputPath));
        Assert.True(left.Length > 48_000 * 2, $"aiortc decoded only {left.Length} samples.");
        var steady = left.AsSpan(left.Length - (48_000 * 2));
        Assert.InRange(SignalAnalysis.MedianFrequency(steady, 48_000), 439, 441);
        Assert.InRange(SignalAnalysis.ToDecibels(SignalAnalysis.MedianRms(steady, 48_000) / (0.5 / Math.Sqrt(2))), -1.0, 1.0);

        var statistics = stream.AudioStatistics;
        Assert.Equal(0, statistics.Drops);
        Assert.True(statistics.FramesSent > 100, statistics.ToString());
    }
}
