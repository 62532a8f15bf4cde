using Orchestron.Streaming.Audio;

namespace Orchestron.Streaming.Tests.Audio;

public sealed class PolyphaseResamplerStreamingTests
{
    [Theory]
    [InlineData(44100)]
    [InlineData(8000)]
    [InlineData(22050)]
    [InlineData(96000)]
    public void Block_size_does_not_change_a_single_output_bit(int inputRate)
    {
        var random = new Random(1234);
        var input = new float[inputRate / 4 * 2];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = (float)((random.NextDouble() * 2) - 1);
        }

        var reference = TestSignals.Resample(inputRate, 48000, input, input.Length / 2);
        foreach (var blockFrames in new[] { 1, 7, 32, 100, 4096 })
        {
            var blocked = TestSignals.Resample(inputRate, 48000, input, blockFrames);
            Assert.Equal(reference, blocked);
        }
    }

    [Fact]
    public void Blocks_of_random_sizes_give_the_same_output_as_one_block()
    {
        var input = TestSignals.StereoSine(1000, 44100, 0.5, 44100);
        var reference = TestSignals.Resample(44100, 48000, input, input.Length / 2);

        var random = new Random(99);
        var resampler = new PolyphaseResampler(44100, 48000);
        var output = new float[reference.Length];
        int read = 0, written = 0;
        while (read < input.Length)
        {
            var frames = Math.Min(random.Next(0, 9000), (input.Length - read) / 2);
            written += resampler.Process(input.AsSpan(read, frames * 2), output.AsSpan(written * 2));
            read += frames * 2;
        }

        Assert.Equal(reference, output);
    }

    [Theory]
    [InlineData(8000)]
    [InlineData(11025)]
    [InlineData(16000)]
    [InlineData(22050)]
    [InlineData(32000)]
    [InlineData(44100)]
    [InlineData(88200)]
    [InlineData(96000)]
    public void Output_length_is_the_exact_rational_length_over_a_long_run(int inputRate)
    {
        // Ten minutes in ksmps-like blocks: every block's output count comes from integer positions, so a
        // fraction of a sample per block cannot accumulate.
        const int seconds = 600;
        var resampler = new PolyphaseResampler(inputRate, 48000);
        var block = new float[64 * 2];
        var output = new float[resampler.GetMaxOutputFrames(64) * 2];
        long totalIn = 0, totalOut = 0;
        while (totalIn < (long)inputRate * seconds)
        {
            var frames = (int)Math.Min(64, ((long)inputRate * seconds) - totalIn);
            var expected = resampler.GetOutputFrameCount(frames);
            var produced = resampler.Process(block.AsSpan(0, frames * 2), output);
            Assert.Equal(expected, produced);
            totalIn += frames;
            totalOut += produced;
        }

        // floor((N L - 1) / M) + 1 output frames for N input frames: exactly 48000 per second of input.
        Assert.Equal(48000L * seconds, totalOut);
    }

    [Fact]
    public void An_hour_at_44100_comes_out_as_exactly_an_hour_at_48000()
    {
        var resampler = new PolyphaseResampler(44100, 48000);
        var block = new float[32 * 2];
        var output = new float[resampler.GetMaxOutputFrames(32) * 2];
        long totalOut = 0;
        for (long block32 = 0; block32 < 44100L * 3600 / 32; block32++)
        {
            totalOut += resampler.Process(block, output);
        }

        // 44100 * 3600 = 4961250 blocks of 32; the last 0.5 block is fed separately.
        totalOut += resampler.Process(block.AsSpan(0, (int)(44100L * 3600 % 32) * 2), output);
        Assert.Equal(48000L * 3600, totalOut);
    }

    [Theory]
    [InlineData(48000)]
    [InlineData(44100)]
    public void Equal_rates_pass_through_bit_exactly(int rate)
    {
        var random = new Random(5);
        var input = new float[10_000];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = (float)((random.NextDouble() * 4) - 2);
        }

        input[17] = float.NaN;
        input[18] = float.Epsilon;
        var resampler = new PolyphaseResampler(rate, rate);
        Assert.True(resampler.IsBypass);
        var output = new float[input.Length];
        Assert.Equal(input.Length / 2, resampler.Process(input, output));
        Assert.Equal(
            input.Select(BitConverter.SingleToInt32Bits),
            output.Select(BitConverter.SingleToInt32Bits));
    }

    [Theory]
    [InlineData(44100, 160, 147)]
    [InlineData(8000, 6, 1)]
    [InlineData(11025, 640, 147)]
    [InlineData(96000, 1, 2)]
    [InlineData(88200, 80, 147)]
    public void The_ratio_is_reduced_by_the_greatest_common_divisor(int inputRate, int up, int down)
    {
        var resampler = new PolyphaseResampler(inputRate, 48000);
        Assert.Equal(up, resampler.UpFactor);
        Assert.Equal(down, resampler.DownFactor);
    }

    [Fact]
    public void Reset_restarts_the_stream_as_if_new()
    {
        var input = TestSignals.StereoSine(440, 44100, 0.5, 2000);
        var resampler = new PolyphaseResampler(44100, 48000);
        var first = new float[resampler.GetMaxOutputFrames(2000) * 2];
        var firstCount = resampler.Process(input, first);
        resampler.Reset();
        var second = new float[first.Length];
        var secondCount = resampler.Process(input, second);
        Assert.Equal(firstCount, secondCount);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Bad_arguments_fail_with_messages_that_name_the_problem()
    {
        Assert.Contains("input sample rate", Assert.Throws<ArgumentOutOfRangeException>(() => new PolyphaseResampler(0, 48000)).Message, StringComparison.Ordinal);
        Assert.Contains("output sample rate", Assert.Throws<ArgumentOutOfRangeException>(() => new PolyphaseResampler(44100, -1)).Message, StringComparison.Ordinal);
        var tooManyPhases = Assert.Throws<ArgumentOutOfRangeException>(() => new PolyphaseResampler(44101, 48000));
        Assert.Contains("48000/44101", tooManyPhases.Message, StringComparison.Ordinal);

        var resampler = new PolyphaseResampler(44100, 48000);
        var odd = Assert.Throws<ArgumentException>(() => resampler.Process(new float[3], new float[10]));
        Assert.Contains("odd", odd.Message, StringComparison.Ordinal);
        var shortOutput = Assert.Throws<ArgumentException>(() => resampler.Process(new float[2000], new float[2]));
        Assert.Contains("output holds 1 stereo frames", shortOutput.Message, StringComparison.Ordinal);
    }
}
