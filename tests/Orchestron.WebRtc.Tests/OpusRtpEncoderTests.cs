using Microsoft.Extensions.Logging.Abstractions;
using Orchestron.WebRtc.Opus;
using Orchestron.WebRtc.Rtp;
using Orchestron.WebRtc.Tests.Opus;

namespace Orchestron.WebRtc.Tests;

/// <summary>One clock to the wire: every RTP timestamp is the caller's, and silence decides the marker bit.</summary>
public sealed class OpusRtpEncoderTests
{
    private const uint Offset = 0xFFFF_F000; // near the wrap, so the arithmetic is modulo 2^32 throughout
    private const int Samples = 960;

    [Fact]
    public void Timestamps_follow_the_callers_clock_across_an_encoder_error()
    {
        using var encoder = Create();
        var stamped = new List<RtpHeader>();

        for (long frame = 0; frame < 10; frame++)
        {
            // Frame 4 cannot be encoded (a frame of the wrong size: the sender's encode error, counted like a libopus
            // failure and taking the same path). It leaves a gap of exactly one frame, no lasting offset.
            var samples = frame == 4 ? Samples - 1 : Samples;
            if (Encode(encoder, OpusTestSignals.Sine(samples, 440, 0.5f, frame * Samples), frame * Samples, false) is { } header)
            {
                stamped.Add(header);
            }
        }

        Assert.Equal(1, encoder.EncodeErrors);
        Assert.Equal([0, 1, 2, 3, 5, 6, 7, 8, 9], stamped.Select(FrameOf));
        Assert.Equal(Enumerable.Range(0, 9).Select(n => (ushort)(100 + n)), stamped.Select(h => h.SequenceNumber));
    }

    [Fact]
    public void Timestamps_follow_the_callers_clock_across_silence()
    {
        using var encoder = Create();
        var stamped = new List<RtpHeader>();
        var silence = new float[Samples * 2];

        for (long frame = 0; frame < 12; frame++)
        {
            var isSilence = frame is >= 3 and < 8;
            var audio = isSilence ? silence : OpusTestSignals.Sine(Samples, 440, 0.5f, frame * Samples);
            stamped.Add(Encode(encoder, audio, frame * Samples, isSilence) ?? throw new InvalidOperationException($"frame {frame} was not sent"));
        }

        // Silence is encoded and sent, so the browser's jitter buffer never runs dry; every packet has the caller's time.
        Assert.Equal(Enumerable.Range(0, 12), stamped.Select(FrameOf));
        Assert.Equal(0, encoder.EncodeErrors);
    }

    [Fact]
    public void Timestamps_jump_with_the_callers_clock_and_nowhere_else()
    {
        using var encoder = Create();
        var frames = new long[] { 0, 1, 2, 50, 51, 52 }; // the caller skipped 47 frames (e.g. paused)
        var stamped = frames.Select(n => Encode(encoder, OpusTestSignals.Sine(Samples, 440, 0.5f, n * Samples), n * Samples, false)!.Value);

        Assert.Equal(frames.Select(n => (int)n), stamped.Select(FrameOf));
    }

    [Fact]
    public void The_first_packet_of_sound_after_silence_carries_the_marker()
    {
        using var encoder = Create();
        var silence = new float[Samples * 2];
        var markers = new List<bool>();

        for (long frame = 0; frame < 10; frame++)
        {
            var isSilence = frame is >= 3 and < 6;
            var audio = isSilence ? silence : OpusTestSignals.Sine(Samples, 440, 0.5f, frame * Samples);
            markers.Add(Encode(encoder, audio, frame * Samples, isSilence)!.Value.Marker);
        }

        // The stream's first packet starts a talkspurt; silent packets never do; sound after silence does.
        Assert.Equal([true, false, false, false, false, false, true, false, false, false], markers);
    }

    [Fact]
    public void A_silent_stream_start_marks_the_first_packet_of_sound()
    {
        using var encoder = Create();
        var silence = new float[Samples * 2];

        Assert.False(Encode(encoder, silence, 0, isSilence: true)!.Value.Marker);
        Assert.True(Encode(encoder, OpusTestSignals.Sine(Samples, 440, 0.5f, Samples), Samples, isSilence: false)!.Value.Marker);
    }

    [Fact]
    public void Opus_dtx_frames_are_not_sent_and_the_next_packet_of_sound_carries_the_marker()
    {
        using var encoder = Create(new OpusEncoderOptions { Dtx = true });
        var silence = new float[Samples * 2];
        var sent = new List<(long Frame, RtpHeader Header)>();

        for (long frame = 0; frame < 60; frame++)
        {
            var isSilence = frame is >= 5 and < 50;
            var audio = isSilence ? silence : OpusTestSignals.Sine(Samples, 440, 0.5f, frame * Samples);
            if (Encode(encoder, audio, frame * Samples, isSilence) is { } header)
            {
                sent.Add((frame, header));
            }
        }

        Assert.True(sent.Count < 50, $"{sent.Count} of 60 frames sent: the encoder never entered DTX");
        Assert.All(sent, s => Assert.Equal(s.Frame, FrameOf(s.Header)));
        var resumed = sent.Single(s => s.Frame == 50).Header;
        Assert.True(resumed.Marker);
        Assert.Equal(sent.Count, sent.Select(s => s.Header.SequenceNumber).Distinct().Count());
    }

    [Fact]
    public void A_frame_nobody_hears_makes_the_next_packet_start_a_talkspurt()
    {
        using var encoder = Create();
        Assert.True(Encode(encoder, OpusTestSignals.Sine(Samples, 440, 0.5f, 0), 0, false)!.Value.Marker);
        Assert.False(Encode(encoder, OpusTestSignals.Sine(Samples, 440, 0.5f, Samples), Samples, false)!.Value.Marker);

        encoder.Skip();

        var header = Encode(encoder, OpusTestSignals.Sine(Samples, 440, 0.5f, 3 * Samples), 3 * Samples, false)!.Value;
        Assert.True(header.Marker);
        Assert.Equal(3, FrameOf(header));
    }

    private static OpusRtpEncoder Create(OpusEncoderOptions? options = null) =>
        new(options ?? new OpusEncoderOptions(), new RtpOpusPacketizer(111, 0x5EED, 100, Offset), NullLogger.Instance);

    private static RtpHeader? Encode(OpusRtpEncoder encoder, float[] frame, long timestamp, bool isSilence)
    {
        if (!encoder.TryEncode(frame, timestamp, isSilence, out var rtp, out var payloadLength))
        {
            return null;
        }

        Assert.True(RtpHeader.TryRead(rtp, out var header, out _, out var length));
        Assert.Equal(payloadLength, length);
        return header;
    }

    /// <summary>The caller's frame number a packet's RTP timestamp names, undoing the offset modulo 2^32.</summary>
    private static int FrameOf(RtpHeader header)
    {
        var samples = unchecked(header.Timestamp - Offset);
        Assert.Equal(0u, samples % Samples);
        return (int)(samples / Samples);
    }
}
