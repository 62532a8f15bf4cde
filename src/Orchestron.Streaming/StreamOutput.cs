using Microsoft.Extensions.Logging;
using Orchestron.Streaming.Audio;
using Orchestron.Streaming.Engine;
using Orchestron.WebRtc;
using Orchestron.WebRtc.Forwarding;
using Orchestron.WebRtc.Transport;

namespace Orchestron.Streaming;

/// <summary>
/// How every stream's audio leaves, whichever process renders it: the pacer's track over the stream's queue and,
/// once a transport is given, the WebRTC sender the track feeds while someone listens or a forward exists.
/// </summary>
internal sealed class StreamOutput : IDisposable
{
    private readonly ILogger _logger;
    private readonly double _frameMs;
    private SenderPacerAttachment? _attachment;

    /// <summary>Makes the stopped track on <paramref name="engine"/>'s scheduler; no sender yet.</summary>
    public StreamOutput(StreamingEngine engine, AudioFrameQueue queue, ILoggerFactory loggerFactory, ILogger logger)
    {
        _logger = logger;
        _frameMs = queue.Options.FrameMs;
        Track = engine.CreateTrack(queue, loggerFactory.CreateLogger<QueueAudioTrack>());
    }

    /// <summary>The pacer's track: the one clock of the stream.</summary>
    public QueueAudioTrack Track { get; }

    /// <summary>The sender, once <see cref="AttachSender"/> has made it.</summary>
    public WebRtcAudioSender? Sender { get; private set; }

    /// <summary>
    /// Makes the sender on <paramref name="transport"/> with the pacer's frame duration, and keeps it on the track
    /// while it has listeners or forwards. Its Opus encoder and DTLS certificate are made here, either of which can fail.
    /// </summary>
    public void AttachSender(UdpMediaTransport transport, WebRtcAudioSenderOptions? senderOptions)
    {
        var sender = transport.CreateAudioSender(SenderOptionsForFrames.Create(senderOptions, _frameMs));
        _attachment = new SenderPacerAttachment(Track, sender, _logger);
        Sender = sender;
    }

    /// <summary>Accepts a browser's offer.</summary>
    public WebRtcAnswer AcceptOffer(string offerSdp) => (Sender ?? throw NoSender()).AcceptOffer(offerSdp);

    /// <summary>Starts a forward; the sender joins the pacer at once.</summary>
    public RtpForward AddForward(RtpForwardOptions options) => (_attachment ?? throw NoSender()).AddForward(options);

    /// <summary>Stops a forward; false when it had already been removed (or there is no sender).</summary>
    public bool RemoveForward(RtpForward forward) => _attachment?.RemoveForward(forward) ?? false;

    /// <summary>Closes every listener now (each gets its BYE), ahead of a release that must wait for a render.</summary>
    public void CloseListeners() => Sender?.Dispose();

    /// <summary>Detaches and disposes the sender (closing its listeners), then the track.</summary>
    public void Dispose()
    {
        _attachment?.Dispose();
        Sender?.Dispose();
        Track.Dispose();
    }

    private static InvalidOperationException NoSender() =>
        new("The stream has no WebRTC sender: it has not started, or it was started without a media transport.");
}
