using Microsoft.AspNetCore.Mvc;
using Orchestron.Host.Configuration;
using Orchestron.Host.Instruments;
using Orchestron.Host.Relay;
using Orchestron.Host.Security;
using Orchestron.Host.Sessions;
using Orchestron.Streaming.Sandbox;

namespace Orchestron.Host.Api;

/// <summary>The endpoints that describe the host itself: health, runtime configuration and instruments.</summary>
public static class HostEndpoints
{
    /// <summary>Maps <c>/api/health</c>, <c>/api/runtime-config</c> and <c>/api/instruments</c>.</summary>
    public static IEndpointRouteBuilder MapHostEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api");
        api.MapGet("/health", (OrchestronHostOptions options, SessionManager sessions, BackendIceStatus backendIce) =>
            new HealthResponse("ok", options.ReplicaId, sessions.SessionCount, sessions.MaxSessions) { BackendIce = BackendIceHealthOf(backendIce) });
        api.MapGet("/runtime-config", RuntimeConfig);
        api.MapGet("/instruments", (InstrumentLibrary library) =>
            new InstrumentListResponse(library.DefaultInstrument.Id, library.Instruments));
        return endpoints;
    }

    private static BackendIceHealth? BackendIceHealthOf(BackendIceStatus status)
    {
        var health = new BackendIceHealth(status.RelayState, status.RelayError, status.ServerReflexiveAddress, status.ServerReflexiveError);
        return health == new BackendIceHealth(null, null, null, null) ? null : health;
    }

    /// <summary>
    /// The client's runtime configuration. Relay credentials (issued TURN credentials and configured servers
    /// with a password) go only to holders of a session's control or listen token, so the relay serves the
    /// host's listeners and not whoever asks.
    /// </summary>
    private static async Task<RuntimeConfigResponse> RuntimeConfig(
        HttpContext context,
        OrchestronHostOptions options,
        SessionManager sessions,
        SessionTokens tokens,
        SandboxAvailability sandbox,
        [FromServices] TurnCredentialIssuer? turn = null)
    {
        // TURN credentials expire, so a cached answer would hand out a dead password.
        context.Response.Headers.CacheControl = "no-store";
        var entitled = tokens.OpensAny(BearerToken.From(context.Request), sessions.Sessions.Select(s => s.Id));
        var iceServers = options.WebRtc.FrontendIceServers.Where(server => entitled || server.Credential is null).ToList();
        int? ttlSeconds = null;
        if (turn is not null && entitled)
        {
            iceServers.Add(turn.Issue());
            ttlSeconds = (int)turn.CredentialLifetime.TotalSeconds;
        }

        var mode = options.AudioOutputMode == AudioOutputMode.Local ? "local" : "streaming";
        return new RuntimeConfigResponse(mode, options.Streaming.Audio.FrameMs, iceServers, ttlSeconds)
        {
            Janus = options.Janus.IsEnabled,
            LowLatencyAudio = LowLatencyAudioConfig.From(options.Streaming.Sender.LowLatency),
            CsdText = await CsdTextSupport.ReadAsync(options.Security, sandbox).ConfigureAwait(false),
        };
    }
}
