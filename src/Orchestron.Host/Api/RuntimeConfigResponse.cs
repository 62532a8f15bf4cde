using Orchestron.Host.Configuration;

namespace Orchestron.Host.Api;

/// <summary>The body of <c>GET /api/runtime-config</c>: what the browser client needs to know to connect.</summary>
/// <param name="AudioOutputMode"><c>local</c> or <c>streaming</c>.</param>
/// <param name="FrameMs">The streaming frame duration in milliseconds (2.5, 5, 10 or 20).</param>
/// <param name="IceServers">
/// The ICE servers for <c>RTCPeerConnection</c>; TURN credentials only for a request with a session's token.
/// </param>
/// <param name="IceCredentialTtlSeconds">How long the issued TURN credentials last; absent when none were issued.</param>
public sealed record RuntimeConfigResponse(
    string AudioOutputMode, double FrameMs, IReadOnlyList<IceServer> IceServers, int? IceCredentialTtlSeconds = null)
{
    /// <summary>True when the host publishes to Janus, so the client tries Janus's watch flow before the direct path.</summary>
    public bool Janus { get; init; }

    /// <summary>The low-latency audio path the page may open beside the RTP track, or null when the host has it off.</summary>
    public LowLatencyAudioConfig? LowLatencyAudio { get; init; }

    /// <summary>Whether the client may offer the operator's own CSD text, or why not.</summary>
    public CsdTextSupport CsdText { get; init; } = new(false, null);
}
