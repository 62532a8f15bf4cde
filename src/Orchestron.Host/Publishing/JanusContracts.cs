namespace Orchestron.Host.Publishing;

/// <summary>Where a session is published: one mountpoint per Janus server.</summary>
/// <param name="SessionId">The session.</param>
/// <param name="Mountpoints">Its mountpoints.</param>
public sealed record JanusPublicationResponse(string SessionId, IReadOnlyList<JanusMountpointResponse> Mountpoints);

/// <summary>One mountpoint and what the host has sent it.</summary>
/// <param name="Server">The Janus API URL.</param>
/// <param name="MountpointId">The streaming plugin's mountpoint id.</param>
/// <param name="RtpPort">The port Janus receives the session's RTP on.</param>
/// <param name="RtcpPort">The port Janus receives its sender reports on.</param>
/// <param name="Srtp">True: the RTP is SRTP-protected with a key only the host and Janus know.</param>
/// <param name="PacketsForwarded">RTP packets sent to it so far.</param>
public sealed record JanusMountpointResponse(string Server, long MountpointId, int RtpPort, int RtcpPort, bool Srtp, long PacketsForwarded);

/// <summary>Janus's offer for a new viewer; the browser answers with <c>POST .../audio/janus/{viewerId}</c>.</summary>
/// <param name="ViewerId">Names the viewer in the answer and leave requests.</param>
/// <param name="Sdp">Janus's SDP offer.</param>
/// <param name="Type">Always <c>offer</c>.</param>
public sealed record JanusWatchResponse(string ViewerId, string Sdp, string Type);
