using Orchestron.Streaming.Audio;
using Orchestron.WebRtc;
using Orchestron.WebRtc.Sdp;

namespace Orchestron.Host.Sessions;

/// <summary>A running session's WebRTC listeners: negotiation, leaving, statistics, with the library's errors as API problems.</summary>
public sealed class SessionListeners(SessionManager sessions)
{
    /// <summary>Accepts a browser's offer for the running session's stream.</summary>
    public WebRtcAnswer AcceptOffer(string id, string offerSdp)
    {
        var stream = sessions.RunningStream(id);
        try
        {
            return stream.AcceptOffer(offerSdp);
        }
        catch (SdpException error)
        {
            throw SessionException.Invalid("Unusable SDP offer", error.Message);
        }
        catch (Exception error) when (error is WebRtcNegotiationException or ObjectDisposedException or InvalidOperationException)
        {
            throw SessionException.Conflict("Offer refused", error.Message);
        }
    }

    /// <summary>Removes a listener from the session's stream (WHEP DELETE).</summary>
    public void Remove(string id, string listenerId)
    {
        var sender = sessions.Get(id).Stream?.Sender;
        if (sender is null || !sender.RemoveListener(listenerId))
        {
            throw new SessionException(SessionProblem.NotFound, "Listener not found", "The session has no such listener.");
        }
    }

    /// <summary>The pipeline's counters and the listeners' statistics, while the session streams.</summary>
    public (StreamingAudioStatistics? Pipeline, IReadOnlyList<WebRtcListenerStatistics> Listeners) GetStatistics(string id)
    {
        var stream = sessions.Get(id).Stream;
        return stream?.Sender is { } sender ? (stream.AudioStatistics, sender.GetListenerStatistics()) : (null, []);
    }
}
