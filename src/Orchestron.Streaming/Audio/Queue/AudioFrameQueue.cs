namespace Orchestron.Streaming.Audio;

/// <summary>
/// The bounded queue of 48 kHz stereo audio between the renderer (one producer thread) and the pacer (one
/// consumer thread): it takes blocks of any size and gives whole frames of 2.5, 5, 10 or 20 ms.
/// </summary>
/// <remarks>
/// <para>
/// Audio sits in a lock-free <see cref="SpscRing{T}"/> of samples, so a block need not be a whole frame
/// and a frame is cut from whatever blocks made it. The settings keep their original meaning:
/// <see cref="StreamingAudioOptions.QueueFramesMax"/> is the capacity, <see cref="StreamingAudioOptions.QueueFramesTarget"/>
/// the depth kept, and <see cref="StreamingAudioOptions.FlushOnConnect"/> with
/// <see cref="StreamingAudioOptions.StartupKeepFrames"/> the backlog skipped when playback starts.
/// </para>
/// <para>
/// A renderer that is paced by this queue calls <see cref="WriteWhenReady"/>: it waits while
/// <see cref="RenderLeadFrames"/> frames are queued and is woken each time the pacer takes a frame, so
/// the queue never grows past the target and nothing is ever dropped. A producer with a clock of its own
/// calls <see cref="Write"/> instead; then frames queued beyond the target are stale and the pacer drops
/// the oldest of them, and samples beyond the capacity are dropped on arrival. Every drop is counted.
/// </para>
/// <para>
/// While nobody listens, the pacer lets a paced renderer queue up to the capacity instead of the target, so
/// that both wake up once for several frames (latency does not matter then); when someone listens again, the
/// backlog beyond the target is flushed before the next frame is sent.
/// </para>
/// </remarks>
public sealed class AudioFrameQueue : IDisposable
{
    private readonly SpscRing<float> _ring;
    private readonly FrameTakenSignal _frameTaken;
    private readonly int _capacitySamples;
    private readonly int _leadSamples;
    private readonly bool _ownsMetrics;
    private readonly int _closedLeadSamples;
    private Action? _frameTakenHook;
    private Action<int>? _leadMirror;
    private int _leadNowSamples;
    private int _idle;
    private int _windowOpen = 1;

    /// <summary>Creates an empty queue.</summary>
    /// <param name="options">The frame length and queue depths; validated and copied.</param>
    /// <param name="metrics">Where drops, underruns and pacing are counted; when null, the queue creates (and disposes) its own.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public AudioFrameQueue(StreamingAudioOptions options, StreamingAudioMetrics? metrics = null)
        : this(options, metrics, capacity => new SpscRing<float>(capacity), new EventFrameTakenSignal())
    {
    }

    /// <summary>
    /// Creates a queue over a ring the caller built, woken by <paramref name="frameTaken"/>: how the two ends of a
    /// queue shared between processes are made.
    /// </summary>
    /// <param name="options">The frame length and queue depths; validated and copied.</param>
    /// <param name="metrics">Where drops, underruns and pacing are counted; when null, the queue creates (and disposes) its own.</param>
    /// <param name="createRing">Makes the ring for a capacity in floats; the ring must hold at least that many.</param>
    /// <param name="frameTaken">Wakes a paced producer when the consumer takes a frame; owned by the queue.</param>
    internal AudioFrameQueue(
        StreamingAudioOptions options, StreamingAudioMetrics? metrics, Func<int, SpscRing<float>> createRing, FrameTakenSignal frameTaken)
    {
        ArgumentNullException.ThrowIfNull(options);
        _frameTaken = frameTaken;
        options.Validate();
        Options = options.Clone();
        _ownsMetrics = metrics is null;
        Metrics = metrics ?? new StreamingAudioMetrics();
        FrameLength = Options.FrameLength;
        _capacitySamples = Options.QueueFramesMax * FrameLength;
        _ring = createRing(_capacitySamples);
        if (_ring.Capacity < _capacitySamples)
        {
            throw new ArgumentException($"The ring holds {_ring.Capacity} floats; the queue needs {_capacitySamples}.", nameof(createRing));
        }

        // A lead of W whole frames and r samples more: W frames stay queued, and the frame after them is rendered in
        // a window the pacer opens r samples before the next frame is due (see OpenRenderWindow).
        var frameSamples = Options.FrameSamplesPerChannel;
        var leadSamples = Options.RenderLeadSamplesPerChannel;
        RenderWindowSamples = leadSamples % frameSamples;
        RenderLeadFrames = (leadSamples / frameSamples) + (RenderWindowSamples > 0 ? 1 : 0);
        _leadSamples = RenderLeadFrames * FrameLength;
        _closedLeadSamples = leadSamples / frameSamples * FrameLength;
        _leadNowSamples = _leadSamples;
        Metrics.AttachRingDepth(() => QueuedFrames);
    }

    /// <summary>The validated settings this queue runs with.</summary>
    public StreamingAudioOptions Options { get; }

    /// <summary>The counters this queue and its pacer report to.</summary>
    public StreamingAudioMetrics Metrics { get; }

    /// <summary>Interleaved floats per frame.</summary>
    public int FrameLength { get; }

    /// <summary>
    /// The frames a paced renderer keeps queued: <see cref="StreamingAudioOptions.QueueFramesTarget"/>, or with
    /// <see cref="StreamingAudioOptions.RenderLeadMs"/> the lead's whole frames and, while its window is open, one more.
    /// </summary>
    public int RenderLeadFrames { get; }

    /// <summary>
    /// Samples per channel before a frame is due at which its render window opens (the lead's part below a whole
    /// frame); 0 when the lead is whole frames and the renderer may render as soon as a frame is taken.
    /// </summary>
    public int RenderWindowSamples { get; }

    /// <summary>Interleaved floats queued (a snapshot when read off the producer and consumer threads).</summary>
    public int QueuedSamples => _ring.Count;

    /// <summary>Whole frames queued (a snapshot when read off the producer and consumer threads).</summary>
    public int QueuedFrames => _ring.Count / FrameLength;

    /// <summary>
    /// True when a paced renderer should render: fewer than <see cref="RenderLeadFrames"/> frames are queued (or,
    /// while nobody listens, fewer than <see cref="StreamingAudioOptions.QueueFramesMax"/>).
    /// </summary>
    public bool WantsMoreAudio => _ring.Count < LeadNowSamples;

    /// <summary>The floats a paced renderer keeps queued now: the lead, or the capacity while nobody listens.</summary>
    internal int LeadNowSamples => Volatile.Read(ref _leadNowSamples);

    /// <summary>True between <see cref="BeginIdle"/> and <see cref="EndIdle"/>.</summary>
    internal bool IsIdle => Volatile.Read(ref _idle) != 0;

    /// <summary>Producer side, for a producer with its own clock: queues <paramref name="interleavedStereo"/> without waiting.</summary>
    /// <param name="interleavedStereo">Whole stereo frames at 48 kHz.</param>
    /// <returns>The floats queued; the rest did not fit in <see cref="StreamingAudioOptions.QueueFramesMax"/> frames and was dropped (counted).</returns>
    /// <exception cref="ArgumentException">The span holds an odd number of floats.</exception>
    public int Write(ReadOnlySpan<float> interleavedStereo)
    {
        ThrowIfNotStereo(interleavedStereo);
        var room = Math.Max(0, _capacitySamples - _ring.Count);
        var written = _ring.Write(interleavedStereo[..Math.Min(room, interleavedStereo.Length)]);
        var dropped = interleavedStereo.Length - written;
        if (dropped > 0)
        {
            Metrics.RecordDrops((dropped + FrameLength - 1) / FrameLength);
        }

        return written;
    }

    /// <summary>
    /// Producer side, for a renderer paced by this queue: queues all of <paramref name="interleavedStereo"/>,
    /// waiting whenever <see cref="RenderLeadFrames"/> frames are queued until the pacer takes one.
    /// </summary>
    /// <param name="interleavedStereo">Whole stereo frames at 48 kHz.</param>
    /// <param name="cancellationToken">Ends a wait; the rest of the block is then not queued.</param>
    /// <returns>True when everything was queued; false when cancelled first.</returns>
    /// <exception cref="ArgumentException">The span holds an odd number of floats.</exception>
    public bool WriteWhenReady(ReadOnlySpan<float> interleavedStereo, CancellationToken cancellationToken)
    {
        ThrowIfNotStereo(interleavedStereo);
        while (!interleavedStereo.IsEmpty)
        {
            var queued = _ring.Count;
            var lead = LeadNowSamples;
            if (queued >= lead)
            {
                // Reset before the second look: a frame taken after it sets the event again, so the
                // wake-up cannot be lost between the look and the wait.
                var token = _frameTaken.Arm();
                if (_ring.Count >= LeadNowSamples && !_frameTaken.Wait(token, cancellationToken))
                {
                    return false;
                }

                continue;
            }

            var room = FillLimitSamples(lead) - queued;
            interleavedStereo = interleavedStereo[_ring.Write(interleavedStereo[..Math.Min(room, interleavedStereo.Length)])..];
        }

        return true;
    }

    /// <summary>
    /// Consumer side: moves the oldest whole frame into <paramref name="frame"/>, first dropping (and
    /// counting) frames queued beyond the target.
    /// </summary>
    /// <param name="frame">Receives <see cref="FrameLength"/> floats.</param>
    /// <returns>False when no whole frame is queued; <paramref name="frame"/> is then untouched.</returns>
    /// <exception cref="ArgumentException"><paramref name="frame"/> is shorter than a frame.</exception>
    public bool TryReadFrame(Span<float> frame)
    {
        if (frame.Length < FrameLength)
        {
            throw new ArgumentException($"The frame span holds {frame.Length} floats; a frame needs {FrameLength}.", nameof(frame));
        }

        if (TrimmedFrameCount() == 0)
        {
            return false;
        }

        // The window shuts before the frame leaves the ring: the other way round, a renderer could see room under the
        // old lead in between and render the next frame a whole frame early.
        CloseRenderWindow();
        _ring.Read(frame[..FrameLength]);
        OnFrameTaken();
        return true;
    }

    /// <summary>
    /// Consumer side, the lead's part below a frame before the next frame is due: the renderer may now render the
    /// frame after the whole frames queued, and is woken for it. Nothing to do for a lead in whole frames.
    /// </summary>
    internal void OpenRenderWindow()
    {
        if (RenderWindowSamples == 0)
        {
            return;
        }

        Volatile.Write(ref _windowOpen, 1);
        UpdateLead();
        OnFrameTaken();
    }

    /// <summary>
    /// Mirrors the lead in force (in floats) to <paramref name="mirror"/> each time it changes, and once now: how a
    /// renderer in another process learns it. Set once, before the pacer starts.
    /// </summary>
    internal void SetLeadMirror(Action<int> mirror)
    {
        _leadMirror = mirror;
        mirror(LeadNowSamples);
    }

    /// <summary>
    /// Producer side, for a renderer on a pool that must never wait: queues as much of
    /// <paramref name="interleavedStereo"/> as fits under the fill limit of a paced renderer.
    /// </summary>
    /// <returns>The floats queued; the caller keeps the rest for later.</returns>
    internal int WriteAvailable(ReadOnlySpan<float> interleavedStereo)
    {
        // The count before the lead, as in WriteWhenReady: the pacer shuts the window (a lower lead) before a frame
        // leaves, so a count that already misses the frame is never set against the lead from before.
        var queued = _ring.Count;
        var room = Math.Max(0, FillLimitSamples(LeadNowSamples) - queued);
        return _ring.Write(interleavedStereo[..Math.Min(room, interleavedStereo.Length)]);
    }

    /// <summary>
    /// Consumer side, for a pacer nobody listens to: passes over up to <paramref name="count"/> whole frames without
    /// copying them, and wakes a paced renderer once for them all.
    /// </summary>
    /// <returns>The frames passed over: fewer than <paramref name="count"/> when fewer were queued.</returns>
    internal int SkipFrames(int count)
    {
        var frames = Math.Min(count, TrimmedFrameCount());
        if (frames > 0)
        {
            _ring.Skip(frames * FrameLength);
            OnFrameTaken();
        }

        return frames;
    }

    /// <summary>
    /// Consumer side, when the pacer finds nobody listening: a paced renderer may now queue up to the capacity, so
    /// that it renders, and the pacer passes over, several frames per wake-up.
    /// </summary>
    internal void BeginIdle()
    {
        Volatile.Write(ref _idle, 1);
        UpdateLead();
    }

    /// <summary>
    /// Consumer side, when someone listens again: back to the lead, and the backlog beyond it flushed (counted), so
    /// the listener hears the stream with the latency the settings give.
    /// </summary>
    /// <returns>The number of frames flushed.</returns>
    internal int EndIdle()
    {
        Volatile.Write(ref _windowOpen, 1);
        Volatile.Write(ref _idle, 0);
        UpdateLead();
        return FlushBacklog(RenderLeadFrames);
    }

    /// <summary>The total number of floats ever queued (producer side: exact; elsewhere a snapshot).</summary>
    internal long TotalWrittenSamples => _ring.TotalWritten;

    /// <summary>
    /// Called on the consumer's thread each time frames leave the queue (once for frames passed over or flushed
    /// together): how a render pool learns that this queue wants audio again without anyone waiting on it. Set once,
    /// before the pacer starts.
    /// </summary>
    internal void SetFrameTakenHook(Action hook) => _frameTakenHook = hook;

    /// <summary>Consumer side: skips the backlog down to <paramref name="keepFrames"/> whole frames (counted as flushed).</summary>
    /// <param name="keepFrames">Frames to keep (not negative).</param>
    /// <returns>The number of frames skipped.</returns>
    public int FlushBacklog(int keepFrames)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keepFrames);
        var excess = (_ring.Count / FrameLength) - keepFrames;
        if (excess <= 0)
        {
            return 0;
        }

        _ring.Skip(excess * FrameLength);
        Metrics.RecordFlushed(excess);
        OnFrameTaken();
        return excess;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _frameTaken.Dispose();
        if (_ownsMetrics)
        {
            Metrics.Dispose();
        }
    }

    /// <summary>Drops (and counts) frames queued beyond the lead in force; returns the whole frames left.</summary>
    private int TrimmedFrameCount()
    {
        // A frame within the open window's lead is not stale even while the window is closed.
        var frames = _ring.Count / FrameLength;
        var leadFrames = Math.Max(LeadNowSamples, _leadSamples) / FrameLength;
        if (frames > leadFrames)
        {
            var stale = frames - leadFrames;
            _ring.Skip(stale * FrameLength);
            Metrics.RecordDrops(stale);
            frames = leadFrames;
        }

        return frames;
    }

    /// <summary>
    /// A paced renderer fills to just under one frame past its lead, so that whole frames never exceed the lead
    /// and the pacer never sees a stale frame.
    /// </summary>
    private int FillLimitSamples(int lead) => Math.Min(lead + FrameLength - StreamingAudioOptions.OutputChannels, _capacitySamples);

    private void CloseRenderWindow()
    {
        if (RenderWindowSamples > 0 && Volatile.Read(ref _windowOpen) != 0)
        {
            Volatile.Write(ref _windowOpen, 0);
            UpdateLead();
        }
    }

    /// <summary>The lead in force: the capacity while nobody listens, else the lead, less a frame while the render window is shut.</summary>
    private void UpdateLead()
    {
        var lead = Volatile.Read(ref _idle) != 0 ? _capacitySamples
            : Volatile.Read(ref _windowOpen) != 0 ? _leadSamples
            : _closedLeadSamples;
        Volatile.Write(ref _leadNowSamples, lead);
        _leadMirror?.Invoke(lead);
    }

    private void OnFrameTaken()
    {
        _frameTaken.Signal();
        _frameTakenHook?.Invoke();
    }

    private static void ThrowIfNotStereo(ReadOnlySpan<float> interleavedStereo)
    {
        if ((interleavedStereo.Length & 1) != 0)
        {
            throw new ArgumentException($"The block must hold whole interleaved stereo frames; its length {interleavedStereo.Length} is odd.", nameof(interleavedStereo));
        }
    }
}
