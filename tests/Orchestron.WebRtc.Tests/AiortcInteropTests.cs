using System.Net;
using Orchestron.WebRtc.Opus;
using Orchestron.WebRtc;
using Orchestron.WebRtc.Transport;
using Orchestron.Testing;

namespace Orchestron.WebRtc.Tests;

/// <summary>A real WebRTC stack (aiortc) listens to the sender: ICE-lite, DTLS-SRTP, Opus, all end to end.</summary>
public sealed class AiortcInteropTests
{
    private const double ToneHz = 440;
    private const float ToneAmplitude = 0.5f;

    // aiortc's Opus decoder accepts only 20 ms packets (it asserts 960 samples per packet), so 10 ms
    // frames are proven against Chromium instead.
    [Fact]
    public async Task Aiortc_receives_and_decodes_the_sessions_tone()
    {
        const OpusFrameDuration frameDuration = OpusFrameDuration.TwentyMilliseconds;
        using var server = new UdpMediaTransport(LoopbackOnly());
        using var sender = server.CreateAudioSender(new WebRtcAudioSenderOptions { Opus = { FrameDuration = frameDuration } });
        var states = new List<WebRtcListenerState>();
        var reasons = new List<string>();
        sender.ListenerStateChanged += (_, change) => { lock (states) { states.Add(change.Current); if (change.Reason is not null) { reasons.Add(change.Reason); } } };
        using var tone = new TonePacer(sender, ToneHz, ToneAmplitude, sender.SamplesPerChannel);
        await using var peer = AiortcListener.Start(seconds: 3);

        var offer = await peer.ReadMessageAsync(TimeSpan.FromSeconds(30));
        var answer = sender.AcceptOffer(offer.GetProperty("sdp").GetString()!);
        await peer.SendAnswerAsync(answer.Sdp);
        var done = await peer.ReadUntilDoneAsync(TimeSpan.FromSeconds(60));

        string Diagnostics()
        {
            lock (states)
            {
                return $"aiortc: {done}\nstates: {string.Join(", ", states)} ({string.Join("; ", reasons)})\nserver: received {server.DatagramsReceived}, dropped {server.DatagramsDropped}, errors {server.DatagramErrors}; sender frames {sender.FramesSent}\n{peer.StandardError}";
            }
        }

        Assert.False(done.TryGetProperty("error", out _), Diagnostics());
        Assert.True(done.GetProperty("sampleRate").GetInt32() == 48_000, Diagnostics());
        Assert.Equal(2, done.GetProperty("channels").GetInt32());
        lock (states)
        {
            Assert.Contains(WebRtcListenerState.Connected, states);
        }

        // aiortc closes its peer connection when done: its DTLS close_notify ends our listener cleanly.
        await Support.Eventually.TrueAsync(
            () => { lock (states) { return states.Contains(WebRtcListenerState.Closed); } },
            TimeSpan.FromSeconds(10),
            Diagnostics);
        Assert.Equal(0, sender.ListenerCount);

        var left = SignalAnalysis.LeftChannelFromS16Stereo(await File.ReadAllBytesAsync(peer.OutputPath));
        Assert.True(left.Length > 48_000 * 2, $"aiortc decoded only {left.Length} samples.");

        // Skip the decoder's start-up; measure two seconds of steady tone.
        var steady = left.AsSpan(left.Length - (48_000 * 2));
        Assert.InRange(SignalAnalysis.MedianFrequency(steady, 48_000), ToneHz - 1, ToneHz + 1);
        var levelError = SignalAnalysis.ToDecibels(SignalAnalysis.MedianRms(steady, 48_000) / (ToneAmplitude / Math.Sqrt(2)));
        Assert.InRange(levelError, -1.0, 1.0);
    }

    // ICE requires the response to come from the address the check went to, so the socket binds the
    // one address it advertises; the peer's checks come from its own interface address over loopback.
    private static UdpMediaTransportOptions LoopbackOnly() => new() { BindAddress = IPAddress.Loopback };
}
