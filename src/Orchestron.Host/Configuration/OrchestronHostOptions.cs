using Orchestron.Streaming.DependencyInjection;
using Orchestron.Streaming.Sandbox;

namespace Orchestron.Host.Configuration;

/// <summary>Everything the host was configured with, parsed and validated.</summary>
/// <param name="Server">Where the HTTP server listens.</param>
/// <param name="AudioOutputMode">Local device or browser streaming.</param>
/// <param name="Streaming">
/// The streaming pipeline's knobs and the media socket, as Orchestron.Streaming's own options, already validated
/// by them; the host hands this object to <c>AddOrchestronStreaming</c>.
/// </param>
/// <param name="WebRtc">
/// The ICE servers for browsers, and the backend's own STUN and TURN servers, with which a host behind NAT offers a
/// server-reflexive and a relayed candidate.
/// </param>
/// <param name="CorsOrigins">Origins allowed to call the API from another site; <c>*</c> allows any.</param>
/// <param name="Csound">Engine defaults for every session.</param>
/// <param name="Turn">The TURN server whose credentials the host issues, or null.</param>
/// <param name="Sessions">The session cap, the idle time after which a session is deleted, and the stop timeout.</param>
public sealed record OrchestronHostOptions(
    ServerOptions Server,
    AudioOutputMode AudioOutputMode,
    OrchestronStreamingOptions Streaming,
    WebRtcOptions WebRtc,
    IReadOnlyList<string> CorsOrigins,
    CsoundDefaults Csound,
    TurnOptions? Turn,
    SessionLimits Sessions)
{
    /// <summary>Who may do what: network CSD, tokens, allowed hosts, rate limits, listener cap.</summary>
    public SecurityOptions Security { get; init; } = SecurityOptions.Default;

    /// <summary>This host's name among replicas behind a load balancer, carried in its session ids; null when alone.</summary>
    public string? ReplicaId { get; init; }

    /// <summary>How the host is shared between clients: sessions per client, note rates, connecting listeners.</summary>
    public FairShareOptions Fairness { get; init; } = FairShareOptions.Default;

    /// <summary>How much of the render pool's CPU one streaming session may use, and how long it may stay held to that.</summary>
    public Orchestron.Streaming.Engine.SessionCpuShareOptions CpuShare { get; init; } = new();

    /// <summary>The Janus servers sessions can be published to; none by default.</summary>
    public JanusOptions Janus { get; init; } = JanusOptions.None;

    /// <summary>
    /// How sandboxed workers are launched and limited, built once from the settings (the stop timeout) and shared by
    /// everything that launches workers; the library's defaults when the options were not loaded from settings.
    /// </summary>
    public CsoundSandboxOptions Sandbox { get; init; } = new();
}
