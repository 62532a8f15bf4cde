namespace Orchestron.WebRtc;

/// <summary>Describes a listener's move from one <see cref="WebRtcListenerState"/> to another.</summary>
/// <param name="ListenerId">The listener's identifier.</param>
/// <param name="Previous">The state before the change.</param>
/// <param name="Current">The state after the change.</param>
/// <param name="Reason">Why the listener failed or closed; null otherwise.</param>
public sealed record WebRtcListenerStateChangedEventArgs(string ListenerId, WebRtcListenerState Previous, WebRtcListenerState Current, string? Reason);
