using Orchestron.Host.Configuration;
using Orchestron.Host.Sessions;
using Orchestron.WebRtc;

namespace Orchestron.Host.Security;

/// <summary>
/// Admits a new listener only while its session has fewer than the configured number of live listeners, so one
/// session's link cannot be used to make the host encrypt and send to an unbounded audience.
/// </summary>
public sealed class ListenerAdmission(SessionListeners listeners, OrchestronHostOptions options)
{
    // Counting and adding are one step, or two offers at once could both take the last place.
    private readonly Lock _gate = new();

    /// <summary>Accepts the offer, or refuses it with 409 when the session is full.</summary>
    public WebRtcAnswer Admit(string sessionId, string offerSdp)
    {
        lock (_gate)
        {
            var (_, current) = listeners.GetStatistics(sessionId);
            var live = current.Count(l => l.State is not (WebRtcListenerState.Failed or WebRtcListenerState.Closed));
            if (live >= options.Security.MaxListenersPerSession)
            {
                throw SessionException.Conflict(
                    "Too many listeners",
                    $"The session already has {live} listeners, the most this host serves per session "
                        + $"({SecuritySettings.MaxListenersPerSession.EnvironmentVariable}).");
            }

            return listeners.AcceptOffer(sessionId, offerSdp);
        }
    }
}
