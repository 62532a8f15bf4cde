namespace Orchestron.WebRtc;

/// <summary>The result of accepting an offer: the new listener's identifier and the SDP answer for the browser.</summary>
/// <param name="ListenerId">An unguessable identifier (128 random bits) naming the listener, e.g. in a WHEP resource URL.</param>
/// <param name="Sdp">The SDP answer.</param>
public sealed record WebRtcAnswer(string ListenerId, string Sdp);
