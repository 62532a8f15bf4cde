using Orchestron.Testing;
using Orchestron.WebRtc.Opus;
using ConcentusApplication = Concentus.Enums.OpusApplication;
using ConcentusFramesize = Concentus.Enums.OpusFramesize;

namespace Orchestron.WebRtc.Tests.Opus;

/// <summary>
/// The managed Concentus encoder, checked against the real libopus decoder: what it sends must play the same in a
/// browser as what libopus sends.
/// </summary>
public sealed class ConcentusOpusEncoderTests
{
    private const double LeftFrequency = 1_000;
    private const double RightFrequency = 1_500;
    private const float Amplitude = 0.5f;

    [Theory]
    [InlineData(OpusFrameDuration.TenMilliseconds, OpusApplication.Audio)]
    [InlineData(OpusFrameDuration.TwentyMilliseconds, OpusApplication.Audio)]
    [InlineData(OpusFrameDuration.TenMilliseconds, OpusApplication.RestrictedLowDelay)]
    [InlineData(OpusFrameDuration.TwentyMilliseconds, OpusApplication.RestrictedLowDelay)]
    public void Concentus_frames_decode_at_the_right_pitch_and_level_with_libopus(OpusFrameDuration duration, OpusApplication application)
    {
        using var encoder = new ConcentusOpusEncoder(new OpusEncoderOptions { FrameDuration = duration, Application = application, Bitrate = 96_000 });
        using var decoder = new OpusDecoder();
        var samples = encoder.SamplesPerChannel;
        var packet = new byte[OpusEncoder.MaxPacketSize];
        var frame = new float[samples * 2];
        var decoded = new List<float>();

        // Different tones left and right: a swapped or downmixed stereo image would fit the wrong frequency.
        for (var n = 0; n < 50; n++)
        {
            var length = encoder.Encode(StereoTones(samples, (long)n * samples), packet);
            Assert.InRange(length, 3, 1_275);
            Assert.Equal(samples, decoder.Decode(packet.AsSpan(0, length), frame));
            decoded.AddRange(frame);
        }

        // Skip the first 100 ms while the codec settles; measure 0.25 s of steady tone.
        var steady = decoded.ToArray().AsSpan(4_800 * 2, 12_000 * 2);
        AssertTone(steady, 0, LeftFrequency);
        AssertTone(steady, 1, RightFrequency);
    }

    [Fact]
    public void Concentus_encoder_applies_every_option_and_reads_it_back()
    {
        using var encoder = new ConcentusOpusEncoder(new OpusEncoderOptions
        {
            Bitrate = 64_000,
            Complexity = 3,
            InbandFec = true,
            ExpectedPacketLossPercent = 17,
            Dtx = true,
            Application = OpusApplication.RestrictedLowDelay,
            FrameDuration = OpusFrameDuration.TenMilliseconds,
        });

        Assert.Equal(64_000, encoder.Bitrate);
        Assert.Equal(3, encoder.Codec.Complexity);
        Assert.True(encoder.Codec.UseInbandFEC);
        Assert.Equal(17, encoder.ExpectedPacketLossPercent);
        Assert.True(encoder.Codec.UseDTX);
        Assert.Equal(ConcentusApplication.OPUS_APPLICATION_RESTRICTED_LOWDELAY, encoder.Codec.Application);
        Assert.Equal(ConcentusFramesize.OPUS_FRAMESIZE_10_MS, encoder.Codec.ExpertFrameDuration);
        Assert.Equal(480, encoder.SamplesPerChannel);
        Assert.Equal(48_000, encoder.Codec.SampleRate);
        Assert.Equal(2, encoder.Codec.NumChannels);
        Assert.Equal(OpusImplementation.Managed, encoder.Implementation);
    }

    [Fact]
    public void Concentus_encoder_applies_the_default_options()
    {
        var options = new OpusEncoderOptions();
        using var encoder = new ConcentusOpusEncoder(options);

        Assert.Equal(options.Bitrate, encoder.Bitrate);
        Assert.Equal(options.Complexity, encoder.Codec.Complexity);
        Assert.True(encoder.Codec.UseInbandFEC);
        Assert.Equal(options.ExpectedPacketLossPercent, encoder.ExpectedPacketLossPercent);
        Assert.False(encoder.Codec.UseDTX);
        Assert.Equal(ConcentusApplication.OPUS_APPLICATION_AUDIO, encoder.Codec.Application);
        Assert.Equal(ConcentusFramesize.OPUS_FRAMESIZE_20_MS, encoder.Codec.ExpertFrameDuration);
        Assert.Equal(960, encoder.SamplesPerChannel);
    }

    [Theory]
    [InlineData(24_000)]
    [InlineData(128_000)]
    public void Concentus_packets_average_the_bitrate_that_was_set(int bitrate)
    {
        using var encoder = new ConcentusOpusEncoder(new OpusEncoderOptions { Bitrate = bitrate });
        var packet = new byte[OpusEncoder.MaxPacketSize];
        long bytes = 0;

        // Two seconds of tone: VBR varies packet by packet but holds its average.
        for (var n = 0; n < 100; n++)
        {
            bytes += encoder.Encode(StereoTones(960, n * 960L), packet);
        }

        var measured = bytes * 8 / 2.0;
        Assert.InRange(measured, bitrate * 0.85, bitrate * 1.15);
    }

    [Fact]
    public void Concentus_bitrate_and_loss_properties_write_through()
    {
        using var encoder = new ConcentusOpusEncoder(new OpusEncoderOptions());

        encoder.Bitrate = 48_000;
        encoder.ExpectedPacketLossPercent = 30;

        Assert.Equal(48_000, encoder.Codec.Bitrate);
        Assert.Equal(30, encoder.Codec.PacketLossPercent);
        Assert.Throws<ArgumentOutOfRangeException>(() => encoder.Bitrate = 5_999);
        Assert.Throws<ArgumentOutOfRangeException>(() => encoder.ExpectedPacketLossPercent = 101);
    }

    [Fact]
    public void Concentus_lookahead_matches_libopus()
    {
        using var audio = new ConcentusOpusEncoder(new OpusEncoderOptions { Application = OpusApplication.Audio });
        using var lowDelay = new ConcentusOpusEncoder(new OpusEncoderOptions { Application = OpusApplication.RestrictedLowDelay });
        using var nativeAudio = new OpusEncoder(new OpusEncoderOptions { Application = OpusApplication.Audio });
        using var nativeLowDelay = new OpusEncoder(new OpusEncoderOptions { Application = OpusApplication.RestrictedLowDelay });

        Assert.Equal(nativeAudio.Lookahead, audio.Lookahead);
        Assert.Equal(nativeLowDelay.Lookahead, lowDelay.Lookahead);
    }

    [Fact]
    public void Concentus_dtx_at_music_bitrates_sends_small_packets_every_frame_unlike_newer_libopus()
    {
        // Concentus follows libopus 1.1, whose DTX lives in SILK only: CELT at 128 kbit/s keeps sending silence frames.
        using var encoder = new ConcentusOpusEncoder(new OpusEncoderOptions { Dtx = true });
        var packet = new byte[OpusEncoder.MaxPacketSize];
        var silence = new float[960 * 2];
        var lengths = new List<int>();
        for (var n = 0; n < 100; n++)
        {
            lengths.Add(encoder.Encode(silence, packet));
            Assert.False(encoder.LastPacketWasDtx);
        }

        Assert.All(lengths.Skip(50), length => Assert.InRange(length, 3, 8));
    }

    [Theory]
    [InlineData(OpusFrameDuration.TenMilliseconds, 100_000)]
    [InlineData(OpusFrameDuration.TwentyMilliseconds, 160_000)]
    public void Concentus_allocates_a_bounded_amount_per_frame(OpusFrameDuration duration, int boundBytesPerFrame)
    {
        // Concentus news its scratch arrays on every call (measured: about 85 KB per 10 ms frame and 140 KB per 20 ms
        // frame at the default 128 kbit/s); nothing on this side can pool them. The bound catches any growth.
        using var encoder = new ConcentusOpusEncoder(new OpusEncoderOptions { FrameDuration = duration });
        var samples = encoder.SamplesPerChannel;
        var frames = new[] { OpusTestSignals.Sine(samples, 440, 0.5f, 0), new float[samples * 2] };
        var packet = new byte[OpusEncoder.MaxPacketSize];
        for (var n = 0; n < 50; n++)
        {
            encoder.Encode(frames[n & 1], packet);
        }

        const int Frames = 1_000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var n = 0; n < Frames; n++)
        {
            encoder.Encode(frames[n & 1], packet);
        }

        var perFrame = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Frames;
        Assert.True(perFrame <= boundBytesPerFrame, $"Concentus allocated {perFrame:F0} bytes per {(int)duration} ms frame; the bound is {boundBytesPerFrame}.");
    }

    [Fact]
    public void Concentus_refuses_a_frame_of_the_wrong_length_like_libopus()
    {
        using var managed = new ConcentusOpusEncoder(new OpusEncoderOptions { FrameDuration = OpusFrameDuration.TenMilliseconds });
        using var native = new OpusEncoder(new OpusEncoderOptions { FrameDuration = OpusFrameDuration.TenMilliseconds });
        var packet = new byte[OpusEncoder.MaxPacketSize];

        var managedError = Assert.Throws<ArgumentException>(() => managed.Encode(new float[960 * 2], packet));
        var nativeError = Assert.Throws<ArgumentException>(() => native.Encode(new float[960 * 2], packet));
        Assert.Equal(nativeError.Message, managedError.Message);
        Assert.Throws<ArgumentException>(() => managed.Encode(new float[480 * 2], []));
    }

    [Fact]
    public void Concentus_use_after_dispose_throws_object_disposed()
    {
        var encoder = new ConcentusOpusEncoder(new OpusEncoderOptions());
        encoder.Dispose();

        Assert.Throws<ObjectDisposedException>(() => encoder.Encode(new float[1920], new byte[100]));
    }

    private static float[] StereoTones(int samplesPerChannel, long start)
    {
        var frame = new float[samplesPerChannel * 2];
        for (var i = 0; i < samplesPerChannel; i++)
        {
            var t = (start + i) / 48_000.0;
            frame[2 * i] = (float)(Amplitude * Math.Sin(2 * Math.PI * LeftFrequency * t));
            frame[(2 * i) + 1] = (float)(Amplitude * Math.Sin(2 * Math.PI * RightFrequency * t));
        }

        return frame;
    }

    private static void AssertTone(ReadOnlySpan<float> interleaved, int channel, double frequency)
    {
        var signal = new double[interleaved.Length / 2];
        for (var i = 0; i < signal.Length; i++)
        {
            signal[i] = interleaved[(2 * i) + channel];
        }

        var fit = SineFit.Fit(signal, frequency, 48_000);
        Assert.InRange(20 * Math.Log10(fit.Amplitude / Amplitude), -1.0, 1.0);
        // A perceptual codec leaves coding noise under a pure tone (measured -24 to -34 dB here); the fit must still
        // find the tone well above it, so the decoded signal is that tone rather than noise at the right level.
        Assert.True(fit.ThdPlusNoiseDb < -20, $"Channel {channel}: THD+N {fit.ThdPlusNoiseDb:F1} dB around {frequency} Hz.");
        Assert.InRange(OpusTestSignals.DominantFrequency(interleaved, channel, frequency - 100, frequency + 100, 4), frequency - 1, frequency + 1);
    }
}
