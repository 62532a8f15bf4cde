using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestron.Csound;
using Orchestron.Streaming.Audio;
using Orchestron.Streaming.Engine;
using Orchestron.WebRtc;
using Orchestron.WebRtc.Forwarding;
using Orchestron.WebRtc.Transport;

namespace Orchestron.Streaming;

/// <summary>
/// A Csound instance in this process streamed live to WebRTC listeners: the performer renders into the pipeline on
/// the engine's render pool, the pacer (the one clock) takes a frame each period, and the sender encodes it once
/// and sends it to every listener.
/// </summary>
/// <remarks>
/// The sender is attached to the pacer while at least one listener is connected or one forward exists (a
/// published session is encoded for its forwards even when nobody listens directly). The pacer flushes its
/// backlog when its first consumer joins, so with <see cref="StreamingAudioOptions.FlushOnConnect"/> the
/// first listener to connect hears the present, not the audio queued before it arrived.
/// </remarks>
public sealed class CsoundWebRtcStream : ICsoundStream
{
    private readonly AudioFrameQueue _queue;
    private readonly SpoutPipeline _pipeline;
    private readonly StreamingAudioMetrics _metrics;
    private readonly StreamOutput _output;
    private readonly StreamingEngine _engine;
    private readonly Func<UdpMediaTransport> _transport;
    private readonly WebRtcAudioSenderOptions? _senderOptions;
    private readonly bool _ownsInstance;
    private readonly ILogger _logger;
    private int _started;
    private int _disposed;

    /// <summary>A stream not yet started; <paramref name="ownsInstance"/> says whether its disposal frees the instance.</summary>
    internal CsoundWebRtcStream(
        CsoundInstance instance,
        Func<UdpMediaTransport> transport,
        StreamingAudioOptions audioOptions,
        WebRtcAudioSenderOptions? senderOptions,
        StreamingEngine engine,
        bool ownsInstance,
        ILoggerFactory loggerFactory,
        IMeterFactory? meterFactory)
    {
        Instance = instance;
        _transport = transport;
        _senderOptions = senderOptions;
        _engine = engine;
        _ownsInstance = ownsInstance;
        _logger = loggerFactory.CreateLogger<CsoundWebRtcStream>();
        _metrics = new StreamingAudioMetrics(meterFactory);
        try
        {
            // The queue validates and copies the audio options; everything after it reads its copy.
            _queue = new AudioFrameQueue(audioOptions, _metrics);
        }
        catch
        {
            _metrics.Dispose();
            throw;
        }

        _output = new StreamOutput(engine, _queue, loggerFactory, _logger);
        _pipeline = new SpoutPipeline(_queue);
        Performer = new CsoundPerformer(
            instance,
            new CsoundPerformerOptions { Mode = CsoundPerformanceMode.Streaming },
            _pipeline,
            loggerFactory.CreateLogger<CsoundPerformer>());
    }

    /// <inheritdoc/>
    public CsoundIsolation Isolation => CsoundIsolation.InProcess;

    /// <summary>The Csound instance being streamed.</summary>
    public CsoundInstance Instance { get; }

    /// <summary>The performer that renders the instance (on the engine's render pool); post work to it with <see cref="CsoundPerformer.Post"/>.</summary>
    public CsoundPerformer Performer { get; }

    /// <summary>The stream's WebRTC sender: accept offers, remove listeners, read their statistics.</summary>
    /// <exception cref="InvalidOperationException">The stream has not started.</exception>
    public WebRtcAudioSender Sender => _output.Sender ?? throw new InvalidOperationException("The stream has not started.");

    WebRtcAudioSender? ICsoundStream.Sender => _output.Sender;

    /// <inheritdoc/>
    public Task<CsoundPerformanceResult> Completion => Performer.Completion;

    /// <inheritdoc/>
    public StreamingAudioStatistics AudioStatistics => _metrics.GetSnapshot();

    /// <inheritdoc/>
    public SessionCpuShare? CpuShare => _engine.TryGetCpuShare(Performer, out var share) ? share : null;

    /// <summary>
    /// Starts streaming a compiled instance on the shared engine: the performer (which starts Csound if needed) and the pacer.
    /// </summary>
    /// <param name="instance">A compiled Csound instance; the stream does not own it: dispose it after the stream.</param>
    /// <param name="server">The WebRTC server whose UDP port the listeners use.</param>
    /// <param name="audioOptions">Frame size and queue depths; validated and copied.</param>
    /// <param name="senderOptions">
    /// Encoder and listener settings; read, not changed: the sender runs with a copy whose Opus frame duration is
    /// <see cref="StreamingAudioOptions.FrameMs"/>.
    /// </param>
    /// <param name="loggerFactory">Where diagnostics go.</param>
    /// <param name="meterFactory">Where the pipeline's metrics are published; a private meter when null.</param>
    public static CsoundWebRtcStream Start(
        CsoundInstance instance,
        UdpMediaTransport server,
        StreamingAudioOptions audioOptions,
        WebRtcAudioSenderOptions? senderOptions = null,
        ILoggerFactory? loggerFactory = null,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(audioOptions);

        var stream = new CsoundWebRtcStream(
            instance, () => server, audioOptions, senderOptions, StreamingEngine.Shared, ownsInstance: false,
            loggerFactory ?? NullLoggerFactory.Instance, meterFactory);
        try
        {
            stream.MarkStarted();
            stream.StartPacing();
            return stream;
        }
        catch
        {
            stream.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>
    /// Starts Csound on the setup lane (its orchestra's global code and tables below the render workers' priority,
    /// not on a render worker in the middle of other sessions' periods), then the sender, the performer and the pacer.
    /// </summary>
    /// <param name="cancellationToken">Abandons the wait for the setup lane.</param>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        MarkStarted();
        await SetupLane.Shared.RunAsync(Instance.Start).WaitAsync(cancellationToken).ConfigureAwait(false);
        // Here, not on the lane: threads the start may make (the engine's, the transport's) must not inherit its niceness.
        StartPacing();
    }

    /// <inheritdoc/>
    public bool TrySendMidi(byte status, byte data1, byte data2, TimeSpan delay = default) => Instance.TrySendMidi(status, data1, data2, delay);

    /// <inheritdoc/>
    public void SetControlChannel(string name, double value) => Instance.SetControlChannel(name, value);

    /// <summary>Turns every sounding note off, on the render thread: there its call per instrument number takes Csound's API lock without competing with the render.</summary>
    public void Panic() => Performer.Post(static running => running.Panic());

    /// <inheritdoc/>
    public WebRtcAnswer AcceptOffer(string offerSdp) => _output.AcceptOffer(offerSdp);

    /// <inheritdoc/>
    public RtpForward AddForward(RtpForwardOptions options) => _output.AddForward(options);

    /// <inheritdoc/>
    public bool RemoveForward(RtpForward forward) => _output.RemoveForward(forward);

    /// <summary>
    /// Stops as <see cref="DisposeAsync"/> does, waiting at most <paramref name="timeout"/> for the render; after that
    /// the listeners are closed at once and the rest (the performer, the pacer, the queue, an owned instance) is
    /// released when the render returns.
    /// </summary>
    public Task<bool> StopAsync(TimeSpan timeout) => BoundedStop.WaitAsync(DisposeAsync().AsTask(), timeout, _output.CloseListeners, _logger);

    /// <summary>Stops the pacer and the performer, then closes every listener (each gets a BYE).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // The pacer first, so that shutdown is not counted as underruns; stopping the performer then
        // cancels a render thread that waits for room in the ring.
        _output.Track.Stop();
        await Performer.DisposeAsync().ConfigureAwait(false);
        _output.Dispose();
        _queue.Dispose();
        _metrics.Dispose();
        if (_ownsInstance)
        {
            Instance.Dispose();
        }
    }

    private void MarkStarted()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The stream has already been started; make another to play again.");
        }
    }

    private void StartPacing()
    {
        _output.AttachSender(_transport(), _senderOptions);
        _engine.StartPerformer(Performer, _pipeline);
        _output.Track.Start();
    }
}
