using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestron.Csound;
using Orchestron.Streaming.Audio;
using Orchestron.Streaming.Engine;
using Orchestron.WebRtc.Opus;
using Orchestron.WebRtc;
using Orchestron.WebRtc.Forwarding;
using Orchestron.WebRtc.Transport;

namespace Orchestron.Streaming;

/// <summary>
/// A Csound instance streamed live to WebRTC listeners: the performer renders into the pipeline, the pacer
/// (the one clock) takes a frame each period, and the sender encodes it once and sends it to every listener.
/// </summary>
/// <remarks>
/// The sender is attached to the pacer while at least one listener is connected or one forward exists (a
/// published session is encoded for its forwards even when nobody listens directly). The pacer flushes its
/// backlog when its first consumer joins, so with <see cref="StreamingAudioOptions.FlushOnConnect"/> the
/// first listener to connect hears the present, not the audio queued before it arrived.
/// </remarks>
public sealed class CsoundWebRtcStream : IAsyncDisposable
{
    private readonly AudioFrameBuffer _buffer;
    private readonly SpoutPipeline _pipeline;
    private readonly StreamingAudioMetrics _metrics;
    private readonly QueueAudioTrack _track;
    private readonly SenderPacerAttachment _attachment;
    private int _disposed;

    private CsoundWebRtcStream(
        CsoundInstance instance,
        UdpMediaTransport server,
        StreamingAudioOptions audioOptions,
        WebRtcAudioSenderOptions? senderOptions,
        ILoggerFactory loggerFactory,
        IMeterFactory? meterFactory)
    {
        Instance = instance;
        _metrics = new StreamingAudioMetrics(meterFactory);
        try
        {
            // The buffer validates and copies the audio options; everything after it reads its copy.
            _buffer = new AudioFrameBuffer(audioOptions, _metrics);
        }
        catch
        {
            _metrics.Dispose();
            throw;
        }

        _track = new QueueAudioTrack(_buffer, logger: loggerFactory.CreateLogger<QueueAudioTrack>());
        try
        {
            // The sender makes the Opus encoder and DTLS certificate, either of which can fail.
            Sender = server.CreateAudioSender(SenderOptionsForFrames.Create(senderOptions, _buffer.Options.FrameMs));
        }
        catch
        {
            _track.Dispose();
            _buffer.Dispose();
            _metrics.Dispose();
            throw;
        }

        _attachment = new SenderPacerAttachment(_track, Sender, loggerFactory.CreateLogger<CsoundWebRtcStream>());
        _pipeline = new SpoutPipeline(_buffer);
        Performer = new CsoundPerformer(
            instance,
            new CsoundPerformerOptions { Mode = CsoundPerformanceMode.Streaming },
            _pipeline,
            loggerFactory.CreateLogger<CsoundPerformer>());
    }

    /// <summary>The Csound instance being streamed.</summary>
    public CsoundInstance Instance { get; }

    /// <summary>The performer that renders the instance (on the shared engine's render pool); post work to it with <see cref="CsoundPerformer.Post"/>.</summary>
    public CsoundPerformer Performer { get; }

    /// <summary>The session's WebRTC sender: accept offers, remove listeners, read their statistics.</summary>
    public WebRtcAudioSender Sender { get; }

    /// <summary>Completes when the performance ends: the score finished, it was stopped, or Csound failed.</summary>
    public Task<CsoundPerformanceResult> Completion => Performer.Completion;

    /// <summary>The pipeline's counters: underruns, drops, ring depth, pacing error, frames sent.</summary>
    public StreamingAudioStatistics AudioStatistics => _metrics.GetSnapshot();

    /// <summary>
    /// Starts streaming a compiled instance: the performer (which starts Csound if needed) and the pacer.
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
            instance, server, audioOptions, senderOptions, loggerFactory ?? NullLoggerFactory.Instance, meterFactory);
        try
        {
            StreamingEngine.Shared.StartPerformer(stream.Performer, stream._pipeline);
            stream._track.Start();
            return stream;
        }
        catch
        {
            stream.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>Accepts a browser's offer; see <see cref="WebRtcAudioSender.AcceptOffer"/>.</summary>
    /// <param name="offerSdp">The browser's SDP offer.</param>
    public WebRtcAnswer AcceptOffer(string offerSdp) => Sender.AcceptOffer(offerSdp);

    /// <summary>
    /// Starts forwarding the encoded stream as RTP (see <see cref="WebRtcAudioSender.AddForward"/>); the sender joins
    /// the pacer at once, so the forward carries audio whether or not anyone listens directly.
    /// </summary>
    /// <param name="options">Where to, and whether with SRTP.</param>
    public RtpForward AddForward(RtpForwardOptions options) => _attachment.AddForward(options);

    /// <summary>Stops a forward made by <see cref="AddForward"/>; the sender leaves the pacer if nothing else needs it.</summary>
    /// <param name="forward">The forward.</param>
    /// <returns>False when it had already been removed.</returns>
    public bool RemoveForward(RtpForward forward) => _attachment.RemoveForward(forward);

    /// <summary>Stops the pacer and the performer, then closes every listener (each gets a BYE).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // The pacer first, so that shutdown is not counted as underruns; stopping the performer then
        // cancels a render thread that waits for room in the ring.
        _track.Stop();
        await Performer.DisposeAsync().ConfigureAwait(false);
        _attachment.Dispose();
        Sender.Dispose();
        _track.Dispose();
        _buffer.Dispose();
        _metrics.Dispose();
    }
}
