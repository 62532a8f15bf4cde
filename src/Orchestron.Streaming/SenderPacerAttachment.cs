using Microsoft.Extensions.Logging;
using Orchestron.Streaming.Audio;
using Orchestron.WebRtc;
using Orchestron.WebRtc.Forwarding;

namespace Orchestron.Streaming;

/// <summary>
/// Keeps a stream's sender on its pacer exactly while someone needs the encoded audio: a connected listener or an
/// RTP forward. Nobody listening means no encoding and no per-frame work beyond the render.
/// </summary>
/// <remarks>
/// The pacer flushes its backlog when its first consumer joins, so the first listener or forward hears the present,
/// not the audio queued before it arrived.
/// </remarks>
internal sealed class SenderPacerAttachment : IDisposable
{
    private readonly QueueAudioTrack _track;
    private readonly WebRtcAudioSender _sender;
    private readonly WebRtcSenderFrameConsumer _consumer;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private int _connectedListeners;
    private int _forwards;

    internal SenderPacerAttachment(QueueAudioTrack track, WebRtcAudioSender sender, ILogger logger)
    {
        _track = track;
        _sender = sender;
        _logger = logger;
        _consumer = new WebRtcSenderFrameConsumer(sender);
        sender.ListenerStateChanged += OnListenerStateChanged;
    }

    /// <summary>Starts a forward; the sender joins the pacer at once if nothing held it there yet.</summary>
    internal RtpForward AddForward(RtpForwardOptions options)
    {
        var forward = _sender.AddForward(options);
        lock (_gate)
        {
            if (_forwards++ == 0 && _connectedListeners == 0)
            {
                _track.AddConsumer(_consumer);
                _logger.LogDebug("First forward added; the sender joins the pacer");
            }
        }

        return forward;
    }

    /// <summary>Stops a forward; false when it had already been removed.</summary>
    internal bool RemoveForward(RtpForward forward)
    {
        if (!_sender.RemoveForward(forward))
        {
            return false;
        }

        lock (_gate)
        {
            if (--_forwards == 0 && _connectedListeners == 0)
            {
                _track.RemoveConsumer(_consumer);
                _logger.LogDebug("Last forward removed; the sender leaves the pacer");
            }
        }

        return true;
    }

    /// <summary>Stops following the sender's listeners.</summary>
    public void Dispose() => _sender.ListenerStateChanged -= OnListenerStateChanged;

    private void OnListenerStateChanged(object? sender, WebRtcListenerStateChangedEventArgs change)
    {
        lock (_gate)
        {
            if (change.Current == WebRtcListenerState.Connected && ++_connectedListeners == 1 && _forwards == 0)
            {
                _track.AddConsumer(_consumer);
                _logger.LogDebug("First listener connected; the sender joins the pacer");
            }
            else if (change.Previous == WebRtcListenerState.Connected && change.Current != WebRtcListenerState.Connected
                && --_connectedListeners == 0 && _forwards == 0)
            {
                _track.RemoveConsumer(_consumer);
                _logger.LogDebug("Last listener left; the sender leaves the pacer");
            }
        }
    }
}
