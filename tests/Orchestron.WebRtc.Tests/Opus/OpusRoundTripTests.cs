using Orchestron.WebRtc.Opus;
using Orchestron.Testing.Allocation;

namespace Orchestron.WebRtc.Tests.Opus;

/// <summary>Audio through the real libopus encoder and decoder, DTX, FEC, and the allocation-free encode loop.</summary>
public sealed class OpusRoundTripTests
{
    [Theory]
    [InlineData(OpusFrameDuration.TenMilliseconds, OpusApplication.Audio)]
    [InlineData(OpusFrameDuration.TwentyMilliseconds, OpusApplication.Audio)]
    [InlineData(OpusFrameDuration.TenMilliseconds, OpusApplication.RestrictedLowDelay)]
    [InlineData(OpusFrameDuration.TwentyMilliseconds, OpusApplication.RestrictedLowDelay)]
    [InlineData(OpusFrameDuration.TwoAndAHalfMilliseconds, OpusApplication.RestrictedLowDelay)]
    [InlineData(OpusFrameDuration.FiveMilliseconds, OpusApplication.RestrictedLowDelay)]
    [InlineData(OpusFrameDuration.FiveMilliseconds, OpusApplication.Audio)]
    public void A_sine_decodes_to_the_same_frequency_and_level(OpusFrameDuration duration, OpusApplication application)
    {
        using var encoder = new OpusEncoder(new OpusEncoderOptions { FrameDuration = duration, Application = application, Bitrate = 96_000 });
        using var decoder = new OpusDecoder();
        var samples = encoder.SamplesPerChannel;
        var packet = new byte[OpusEncoder.MaxPacketSize];
        var decoded = new List<float>();
        var frame = new float[samples * 2];

        // At least half a second, whatever the frame.
        var frames = Math.Max(50, 24_000 / samples);
        for (var n = 0; n < frames; n++)
        {
            var input = OpusTestSignals.Sine(samples, 1_000, 0.5f, (long)n * samples);
            var length = encoder.Encode(input, packet);
            Assert.InRange(length, 3, 1_275);

            var written = decoder.Decode(packet.AsSpan(0, length), frame);
            Assert.Equal(samples, written);
            decoded.AddRange(frame);
        }

        // Skip the first 100 ms while the codec settles; measure 0.25 s of steady tone.
        var steady = decoded.ToArray().AsSpan(4_800 * 2, 12_000 * 2);
        var inputRms = 0.5 / Math.Sqrt(2);
        Assert.InRange(20 * Math.Log10(OpusTestSignals.Rms(steady, 0) / inputRms), -1.0, 1.0);
        Assert.InRange(20 * Math.Log10(OpusTestSignals.Rms(steady, 1) / inputRms), -1.0, 1.0);
        Assert.InRange(OpusTestSignals.DominantFrequency(steady, 0, 900, 1_100, 4), 999.0, 1_001.0);
    }

    [Theory]
    [InlineData(OpusImplementation.Native, 128_000)]
    // Concentus follows libopus 1.1, whose DTX lives in SILK only, so it is checked at a speech bitrate.
    [InlineData(OpusImplementation.Managed, 12_000)]
    public void Dtx_on_silence_produces_tiny_packets_and_reports_them(OpusImplementation implementation, int bitrate)
    {
        using var encoder = OpusEncoderFactory.Create(new OpusEncoderOptions { Implementation = implementation, Dtx = true, Bitrate = bitrate });
        using var decoder = new OpusDecoder();
        var packet = new byte[OpusEncoder.MaxPacketSize];
        var output = new float[960 * 2];
        var silence = new float[960 * 2];

        encoder.Encode(OpusTestSignals.Sine(960, 440, 0.5f, 0), packet);
        Assert.False(encoder.LastPacketWasDtx);

        var dtxPackets = 0;
        for (var n = 0; n < 100; n++)
        {
            var length = encoder.Encode(silence, packet);
            Assert.Equal(length <= 2, encoder.LastPacketWasDtx);
            dtxPackets += encoder.LastPacketWasDtx ? 1 : 0;
            Assert.Equal(960, decoder.Decode(packet.AsSpan(0, length), output));
        }

        Assert.True(dtxPackets > 50, $"Only {dtxPackets} of 100 silent frames were DTX packets.");

        encoder.Encode(OpusTestSignals.Sine(960, 440, 0.5f, 0), packet);
        Assert.False(encoder.LastPacketWasDtx);
    }

    [Fact]
    public void Without_dtx_silence_still_produces_full_packets()
    {
        using var encoder = new OpusEncoder(new OpusEncoderOptions { Dtx = false });
        var packet = new byte[OpusEncoder.MaxPacketSize];
        var silence = new float[960 * 2];

        for (var n = 0; n < 100; n++)
        {
            Assert.True(encoder.Encode(silence, packet) > 2);
            Assert.False(encoder.LastPacketWasDtx);
        }
    }

    [Theory]
    [InlineData(OpusImplementation.Native)]
    [InlineData(OpusImplementation.Managed)]
    public void Inband_fec_lets_the_decoder_recover_a_lost_frame(OpusImplementation implementation)
    {
        // FEC needs the SILK layer, which the speech-capable Audio application uses at this bitrate. The decoder is
        // libopus either way, so the managed encoder's FEC is checked against the reference decoder.
        using var encoder = OpusEncoderFactory.Create(new OpusEncoderOptions
        {
            Implementation = implementation,
            InbandFec = true,
            ExpectedPacketLossPercent = 20,
            Bitrate = 32_000,
        });
        using var decoder = new OpusDecoder();
        var packets = new List<byte[]>();
        var buffer = new byte[OpusEncoder.MaxPacketSize];
        for (var n = 0; n < 30; n++)
        {
            var length = encoder.Encode(OpusTestSignals.Sine(960, 300, 0.3f, n * 960L), buffer);
            packets.Add(buffer[..length]);
        }

        var output = new float[960 * 2];
        for (var n = 0; n < 20; n++)
        {
            decoder.Decode(packets[n], output);
        }

        // Packet 20 is "lost": decode its FEC copy from packet 21, then packet 21 itself.
        Assert.Equal(960, decoder.Decode(packets[21], output, decodeFec: true));
        Assert.True(OpusTestSignals.Rms(output, 0) > 0.05, "The FEC copy decoded to near silence.");
        Assert.Equal(960, decoder.Decode(packets[21], output));
        Assert.Equal(960, decoder.DecodeLoss(output));
    }

    [Fact]
    public void Encoding_thousands_of_frames_allocates_nothing()
    {
        using var encoder = new OpusEncoder(new OpusEncoderOptions { FrameDuration = OpusFrameDuration.TenMilliseconds, Complexity = 0 });
        var frames = new[] { OpusTestSignals.Sine(480, 440, 0.5f, 0), new float[960] };
        var packet = new byte[OpusEncoder.MaxPacketSize];
        for (var n = 0; n < 50; n++)
        {
            encoder.Encode(frames[n & 1], packet);
        }

        var allocations = AllocationTally.Measure(3_000, n => encoder.Encode(frames[n & 1], packet));

        Assert.True(allocations.Bytes == 0 && allocations.HasEnoughReadings, allocations.Describe());
    }

    [Fact]
    public void Use_after_dispose_throws_object_disposed()
    {
        var encoder = new OpusEncoder(new OpusEncoderOptions());
        encoder.Dispose();

        Assert.Throws<ObjectDisposedException>(() => encoder.Encode(new float[1920], new byte[100]));
    }
}
