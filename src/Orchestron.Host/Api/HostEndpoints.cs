using Microsoft.AspNetCore.Mvc;
using Orchestron.Host.Configuration;
using Orchestron.Host.Instruments;

namespace Orchestron.Host.Api;

/// <summary>The endpoints that describe the host itself: health, runtime configuration and instruments.</summary>
public static class HostEndpoints
{
    /// <summary>Maps <c>/api/health</c>, <c>/api/runtime-config</c> and <c>/api/instruments</c>.</summary>
    public static IEndpointRouteBuilder MapHostEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api");
        api.MapGet("/health", () => new HealthResponse("ok"));
        api.MapGet("/runtime-config", RuntimeConfig);
        api.MapGet("/instruments", (InstrumentLibrary library) =>
            new InstrumentListResponse(library.DefaultInstrument.Id, library.Instruments));
        return endpoints;
    }

    private static RuntimeConfigResponse RuntimeConfig(
        HttpContext context,
        OrchestronHostOptions options,
        [FromServices] TurnCredentialIssuer? turn = null)
    {
        // TURN credentials expire, so a cached answer would hand out a dead password.
        context.Response.Headers.CacheControl = "no-store";
        var iceServers = options.WebRtc.FrontendIceServers.ToList();
        if (turn is not null)
        {
            iceServers.Add(turn.Issue());
        }

        var mode = options.AudioOutputMode == AudioOutputMode.Local ? "local" : "streaming";
        return new RuntimeConfigResponse(mode, options.Streaming.Audio.FrameMs, iceServers);
    }
}
