using Orchestron.Csound;

namespace Orchestron.Streaming.Audio;

/// <summary>
/// Turns each Csound <c>spout</c> block into 48 kHz interleaved stereo float: the conversion a streaming
/// performance's sink applies before it queues a block, in the host's process or in a sandboxed worker.
/// </summary>
/// <remarks><see cref="Configure"/> sizes every buffer for the format, so <see cref="Convert"/> allocates nothing.</remarks>
internal sealed class SpoutConverter
{
    private const int OutputSampleRate = 48000;

    private PolyphaseResampler? _resampler;
    private float[] _stereo = [];
    private float[] _resampled = [];
    private CsoundAudioFormat _format;

    /// <summary>The resampler in use (null before <see cref="Configure"/>).</summary>
    internal PolyphaseResampler? Resampler => _resampler;

    /// <summary>The most floats one block can turn into.</summary>
    internal int MaxOutputFloats => _resampled.Length;

    /// <summary>Sizes the buffers for <paramref name="format"/> and starts a fresh resampler.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The format's rate is not a positive whole number of Hz, or ksmps, channels or 0 dBFS are not positive.</exception>
    internal void Configure(CsoundAudioFormat format)
    {
        if (!(format.SampleRate > 0) || format.SampleRate != Math.Floor(format.SampleRate) || format.SampleRate > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(format), format.SampleRate, "The Csound sample rate (sr) must be a positive whole number of Hz to be resampled to 48000 Hz.");
        }

        if (format.Ksmps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(format), format.Ksmps, "The Csound control period (ksmps) must be at least 1 sample.");
        }

        if (format.Channels < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(format), format.Channels, "The Csound output channel count (nchnls) must be at least 1.");
        }

        if (!(format.ZeroDbfs > 0) || double.IsInfinity(format.ZeroDbfs))
        {
            throw new ArgumentOutOfRangeException(nameof(format), format.ZeroDbfs, "The Csound full-scale value (0dbfs) must be positive and finite.");
        }

        var resampler = new PolyphaseResampler((int)format.SampleRate, OutputSampleRate);
        _stereo = new float[format.Ksmps * 2];
        _resampled = new float[resampler.GetMaxOutputFrames(format.Ksmps) * 2];
        _resampler = resampler;
        _format = format;
    }

    /// <summary>Converts one block; the result is valid until the next call.</summary>
    /// <exception cref="InvalidOperationException"><see cref="Configure"/> has not been called.</exception>
    /// <exception cref="ArgumentException">The block is not <c>ksmps x nchnls</c> samples long.</exception>
    internal ReadOnlySpan<float> Convert(ReadOnlySpan<double> spout)
    {
        var resampler = _resampler ?? throw new InvalidOperationException("The converter must be configured before the first block.");
        if (spout.Length != _format.Ksmps * _format.Channels)
        {
            throw new ArgumentException(
                $"The block holds {spout.Length} samples; ksmps {_format.Ksmps} x nchnls {_format.Channels} = {_format.Ksmps * _format.Channels} were expected.",
                nameof(spout));
        }

        var frames = StereoConverter.Convert(spout, _format.Channels, _format.ZeroDbfs, _stereo);
        var produced = resampler.Process(_stereo.AsSpan(0, frames * 2), _resampled);
        return _resampled.AsSpan(0, produced * 2);
    }
}
