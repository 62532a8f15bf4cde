using Orchestron.Csound;

namespace Orchestron.Streaming.Audio;

/// <summary>
/// The render side of a stream: receives each Csound <c>spout</c> block, converts it to stereo float,
/// resamples it to 48 kHz and queues it in an <see cref="AudioFrameQueue"/>, blocking the render thread
/// while the queue holds its lead so that the pacer alone sets the pace.
/// </summary>
/// <remarks>
/// Give it to a Csound streaming performer as its <see cref="ICsoundSpoutSink"/>. <see cref="OnStarted"/>
/// sizes every queue for the instance's format, so <see cref="OnSpout"/> allocates nothing.
/// </remarks>
public sealed class SpoutPipeline : ICsoundSpoutSink
{
    private readonly AudioFrameQueue _queue;
    private readonly SpoutConverter _converter = new();
    private float[] _deferred = [];
    private int _deferredCount;
    private bool _writesDeferred;

    /// <summary>Creates a pipeline that queues into <paramref name="queue"/> (of which it is the only writer).</summary>
    /// <param name="queue">The queue a <see cref="QueueAudioTrack"/> reads.</param>
    public SpoutPipeline(AudioFrameQueue queue)
    {
        ArgumentNullException.ThrowIfNull(queue);
        _queue = queue;
    }

    /// <summary>The queue this pipeline writes to.</summary>
    internal AudioFrameQueue Queue => _queue;

    /// <summary>The resampler in use (null before <see cref="OnStarted"/>).</summary>
    public PolyphaseResampler? Resampler => _converter.Resampler;

    /// <summary>Total 48 kHz stereo frames queued so far.</summary>
    public long FramesQueued { get; private set; }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">The format's rate is not a positive whole number of Hz, or ksmps, channels or 0 dBFS are not positive.</exception>
    public void OnStarted(CsoundAudioFormat format)
    {
        _converter.Configure(format);
        _deferred = _writesDeferred ? new float[_converter.MaxOutputFloats] : [];
        _deferredCount = 0;
        FramesQueued = 0;
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException"><see cref="OnStarted"/> has not been called.</exception>
    /// <exception cref="ArgumentException">The block is not <c>ksmps x nchnls</c> samples long.</exception>
    public void OnSpout(ReadOnlySpan<double> spout, CancellationToken cancellationToken)
    {
        var block = _converter.Convert(spout);
        var produced = block.Length / 2;
        if (_writesDeferred)
        {
            Defer(block);
            FramesQueued += produced;
        }
        else if (_queue.WriteWhenReady(block, cancellationToken))
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

        var written = _queue.WriteAvailable(_deferred.AsSpan(0, _deferredCount));
        _deferred.AsSpan(written, _deferredCount - written).CopyTo(_deferred);
        _deferredCount -= written;
        return _deferredCount == 0;
    }

    private void Defer(ReadOnlySpan<float> block)
    {
        // The driver renders only once the previous leftover is queued, so at most one block is ever kept.
        var written = _deferredCount == 0 ? _queue.WriteAvailable(block) : 0;
        var rest = block[written..];
        if (_deferredCount + rest.Length > _deferred.Length)
        {
            throw new InvalidOperationException("A block was rendered before the previous one was queued.");
        }

        rest.CopyTo(_deferred.AsSpan(_deferredCount));
        _deferredCount += rest.Length;
    }
}
