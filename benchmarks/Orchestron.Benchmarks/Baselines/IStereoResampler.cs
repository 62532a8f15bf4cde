namespace Orchestron.Benchmarks.Baselines;

/// <summary>A streaming interleaved-stereo float resampler, so that the contenders run through the same harness.</summary>
internal interface IStereoResampler : IDisposable
{
    /// <summary>Converts all of <paramref name="input"/>; returns the output frames written.</summary>
    int Process(ReadOnlySpan<float> input, Span<float> output);
}
