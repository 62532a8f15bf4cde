using Orchestron.Csound;

namespace Orchestron.Streaming.Audio;

/// <summary>
/// The render side of a stream: receives each Csound <c>spout</c> block, converts it to stereo float,
/// resamples it to 48 kHz and queues it in an <see cref="AudioFrameBuffer"/>, blocking the render thread
/// while the queue holds its lead so that the pacer alone sets the pace.
/// </summary>
/// <remarks>
/// Give it to a Csound streaming performer as its <see cref="ICsoundSpoutSink"/>. <see cref="OnStarted"/>
/// sizes every buffer for the instance's format, so <see cref="OnSpout"/> allocates nothing.
/// </remarks>
public sealed class SpoutPipeline : ICsoundSpoutSink
{
    private readonly AudioFrameBuffer _buffer;
    private PolyphaseResampler? _resampler;
    private float[] _stereo = [];
    private float[] _resampled = [];
    private float[] _deferred = [];
    private int _deferredCount;
    private bool _writesDeferred;
    private CsoundAudioFormat _format;

    /// <summary>Creates a pipeline that queues into <paramref name="buffer"/> (of which it is the only writer).</summary>
    /// <param name="buffer">The queue a <see cref="QueueAudioTrack"/> reads.</param>
    public SpoutPipeline(AudioFrameBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        _buffer = buffer;
    }

    /// <summary>The queue this pipeline writes to.</summary>
    internal AudioFrameBuffer Buffer => _buffer;

    /// <summary>The resampler in use (null before <see cref="OnStarted"/>).</summary>
    public PolyphaseResampler? Resampler => _resampler;

    /// <summary>Total 48 kHz stereo frames queued so far.</summary>
    public long FramesQueued { get; private set; }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">The format's rate is not a positive whole number of Hz, or ksmps, channels or 0 dBFS are not positive.</exception>
    public void OnStarted(CsoundAudioFormat format)
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

        var resampler = new PolyphaseResampler((int)format.SampleRate, StreamingAudioOptions.OutputSampleRate);
        _stereo = new float[format.Ksmps * 2];
        _resampled = new float[resampler.GetMaxOutputFrames(format.Ksmps) * 2];
        _deferred = _writesDeferred ? new float[_resampled.Length] : [];
        _deferredCount = 0;
        _resampler = resampler;
        _format = format;
        FramesQueued = 0;
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException"><see cref="OnStarted"/> has not been called.</exception>
    /// <exception cref="ArgumentException">The block is not <c>ksmps x nchnls</c> samples long.</exception>
    public void OnSpout(ReadOnlySpan<double> spout, CancellationToken cancellationToken)
    {
        var resampler = _resampler ?? throw new InvalidOperationException($"{nameof(OnStarted)} must be called before the first block.");
        if (spout.Length != _format.Ksmps * _format.Channels)
        {
            throw new ArgumentException(
                $"The block holds {spout.Length} samples; ksmps {_format.Ksmps} x nchnls {_format.Channels} = {_format.Ksmps * _format.Channels} were expected.",
                nameof(spout));
        }

        var frames = StereoConverter.Convert(spout, _format.Channels, _format.ZeroDbfs, _stereo);
        var produced = resampler.Process(_stereo.AsSpan(0, frames * 2), _resampled);
        var block = _resampled.AsSpan(0, produced * 2);
        if (_writesDeferred)
        {
            Defer(block);
            FramesQueued += produced;
        }
        else if (_buffer.WriteWhenReady(block, cancellationToken))
        {
            FramesQueued += produced;
        }
    }

    /// <summary>
    /// Switches the pipeline to a render pool's rules, before the performance starts: a block that does not fit in
    /// the queue is kept here instead of waiting for room, and <see cref="TryFlushDeferred"/> queues it later.
    /// </summary>
    internal void DeferWrites() => _writesDeferred = true;

    /// <summary>Queues what an earlier block left over; true when nothing is left (the next block may be rendered).</summary>
    internal bool TryFlushDeferred()
    {
        if (_deferredCount == 0)
        {
            return true;
        }

        var written = _buffer.WriteAvailable(_deferred.AsSpan(0, _deferredCount));
        _deferred.AsSpan(written, _deferredCount - written).CopyTo(_deferred);
        _deferredCount -= written;
        return _deferredCount == 0;
    }

    private void Defer(ReadOnlySpan<float> block)
    {
        // The driver renders only once the previous leftover is queued, so at most one block is ever kept.
        var written = _deferredCount == 0 ? _buffer.WriteAvailable(block) : 0;
        var rest = block[written..];
        if (_deferredCount + rest.Length > _deferred.Length)
        {
            throw new InvalidOperationException("A block was rendered before the previous one was queued.");
        }

        rest.CopyTo(_deferred.AsSpan(_deferredCount));
        _deferredCount += rest.Length;
    }
}
