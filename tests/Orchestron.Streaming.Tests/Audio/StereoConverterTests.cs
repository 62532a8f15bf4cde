using Orchestron.Streaming.Audio;

namespace Orchestron.Streaming.Tests.Audio;

public sealed class StereoConverterTests
{
    [Fact]
    public void Mono_is_duplicated_to_both_channels()
    {
        var stereo = new float[6];
        Assert.Equal(3, StereoConverter.Convert([0.5, -0.25, 1], 1, 1, stereo));
        Assert.Equal([0.5f, 0.5f, -0.25f, -0.25f, 1f, 1f], stereo);
    }

    [Fact]
    public void Stereo_passes_as_it_is_including_blocks_long_enough_for_the_vector_path()
    {
        var block = Enumerable.Range(0, 67 * 2).Select(i => Math.Sin(i * 0.37)).ToArray();
        var stereo = new float[block.Length];
        Assert.Equal(67, StereoConverter.Convert(block, 2, 1, stereo));
        Assert.Equal(block.Select(x => (float)x), stereo);
    }

    [Fact]
    public void Of_more_than_two_channels_the_first_two_are_kept()
    {
        double[] block = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];
        var stereo = new float[4];
        Assert.Equal(2, StereoConverter.Convert(block, 5, 1, stereo));
        Assert.Equal([0.1f, 0.2f, 0.6f, 0.7f], stereo);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Samples_are_scaled_so_that_0_dBFS_becomes_one(int channels)
    {
        var block = Enumerable.Repeat(32768.0, 20 * channels).ToArray();
        block[0] = -16384;
        var stereo = new float[40];
        StereoConverter.Convert(block, channels, 32768, stereo);
        Assert.Equal(-0.5f, stereo[0]);
        Assert.All(stereo[2..], x => Assert.Equal(1f, x));
    }

    [Fact]
    public void Bad_arguments_fail_with_messages_that_name_the_problem()
    {
        Assert.Contains("not a whole number of 2-channel frames", Assert.Throws<ArgumentException>(() => StereoConverter.Convert(new double[3], 2, 1, new float[4])).Message, StringComparison.Ordinal);
        Assert.Contains("3 stereo frames need 6", Assert.Throws<ArgumentException>(() => StereoConverter.Convert(new double[3], 1, 1, new float[4])).Message, StringComparison.Ordinal);
        Assert.Contains("channel count", Assert.Throws<ArgumentOutOfRangeException>(() => StereoConverter.Convert(new double[3], 0, 1, new float[4])).Message, StringComparison.Ordinal);
        Assert.Contains("0 dBFS", Assert.Throws<ArgumentOutOfRangeException>(() => StereoConverter.Convert(new double[2], 1, 0, new float[4])).Message, StringComparison.Ordinal);
        Assert.Contains("0 dBFS", Assert.Throws<ArgumentOutOfRangeException>(() => StereoConverter.Convert(new double[2], 1, double.NaN, new float[4])).Message, StringComparison.Ordinal);
    }
}
