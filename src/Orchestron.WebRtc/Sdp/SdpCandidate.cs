namespace Orchestron.WebRtc.Sdp;

/// <summary>One remote a=candidate (RFC 8839). The address may be an mDNS name ending in ".local".</summary>
/// <param name="Foundation">The foundation.</param>
/// <param name="Component">1 for RTP (and muxed RTCP).</param>
/// <param name="Transport">"udp" or "tcp", lower case.</param>
/// <param name="Priority">The candidate priority.</param>
/// <param name="Address">An IP address or an mDNS host name.</param>
/// <param name="Port">The port.</param>
/// <param name="Type">"host", "srflx", "prflx" or "relay".</param>
public sealed record SdpCandidate(string Foundation, int Component, string Transport, uint Priority, string Address, int Port, string Type);
