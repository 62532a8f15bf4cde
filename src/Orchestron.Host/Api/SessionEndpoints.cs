using System.Buffers;
using System.Text.Json;
using Orchestron.Host.Sessions;
using Orchestron.WebRtc;

namespace Orchestron.Host.Api;

/// <summary>The sessions API: lifecycle, playing, and WebRTC negotiation (the original JSON shape and WHEP).</summary>
public static class SessionEndpoints
{
    /// <summary>The largest SDP offer accepted; real offers are a few KiB.</summary>
    public const int MaxSdpBytes = 64 * 1024;

    private const string SdpMediaType = "application/sdp";

    /// <summary>Maps the session endpoints under <c>/api/sessions</c>.</summary>
    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var sessions = endpoints.MapGroup("/api/sessions").AddEndpointFilter(AsProblemDetails);
        sessions.MapPost("/", Create);
        sessions.MapGet("/", (SessionManager manager, OptionsView view) =>
            new SessionListResponse([.. manager.Sessions.Select(view.Describe)]));
        sessions.MapGet("/{id}", (string id, SessionManager manager, OptionsView view) => view.Describe(manager.Get(id)));
        sessions.MapDelete("/{id}", async (string id, SessionManager manager) =>
        {
            await manager.DeleteAsync(id);
            return Results.NoContent();
        });
        sessions.MapPost("/{id}/start", async (string id, SessionManager manager, OptionsView view) =>
            view.Describe(await manager.StartAsync(id)));
        sessions.MapPost("/{id}/stop", async (string id, SessionManager manager, OptionsView view) =>
            view.Describe(await manager.StopAsync(id)));
        sessions.MapPost("/{id}/panic", (string id, SessionManager manager) =>
        {
            manager.Panic(id);
            return Results.NoContent();
        });
        sessions.MapPost("/{id}/midi-event", (string id, MidiEventRequest request, SessionManager manager) =>
        {
            manager.SendMidi(id, SessionRequestValidation.Midi(request));
            return Results.Accepted();
        });
        sessions.MapPut("/{id}/channels/{name}", (string id, string name, ChannelValueRequest request, SessionManager manager) =>
        {
            manager.SetChannel(id, name, SessionRequestValidation.ChannelValue(name, request));
            return Results.NoContent();
        });
        sessions.MapPost("/{id}/audio/webrtc", NegotiateJson);
        sessions.MapPost("/{id}/audio/whep", NegotiateWhep);
        sessions.MapDelete("/{id}/audio/whep/{listenerId}", (string id, string listenerId, SessionListeners listeners) =>
        {
            listeners.Remove(id, listenerId);
            return Results.NoContent();
        });
        sessions.MapGet("/{id}/audio/stats", AudioStatistics);
        return endpoints;
    }

    private static IResult Create(CreateSessionRequest? request, SessionManager manager, OptionsView view)
    {
        var (instrumentId, csd) = SessionRequestValidation.Source(request);
        var session = manager.Create(instrumentId, csd);
        return Results.Created($"/api/sessions/{session.Id}", view.Describe(session));
    }

    private static async Task<IResult> NegotiateJson(string id, HttpRequest request, SessionListeners listeners, CancellationToken cancellationToken)
    {
        // Room for the JSON around the SDP and its escapes.
        var offer = await RequestBody.ReadAsync(request, (MaxSdpBytes * 2) + 1024, ParseOffer, TooLarge, cancellationToken);

        if (offer?.Type != "offer" || string.IsNullOrEmpty(offer.Sdp))
        {
            throw SessionException.Invalid("Not an offer", "The body is {\"sdp\": \"...\", \"type\": \"offer\"}.");
        }

        if (System.Text.Encoding.UTF8.GetByteCount(offer.Sdp) > MaxSdpBytes)
        {
            throw TooLarge();
        }

        var answer = listeners.AcceptOffer(id, offer.Sdp);
        return Results.Json(new SessionDescriptionMessage(answer.Sdp, "answer"), HostJsonContext.Default.SessionDescriptionMessage);
    }

    private static async Task<IResult> NegotiateWhep(string id, HttpRequest request, SessionListeners listeners, CancellationToken cancellationToken)
    {
        if (!string.Equals(request.ContentType?.Split(';')[0].Trim(), SdpMediaType, StringComparison.OrdinalIgnoreCase))
        {
            return Results.Problem(
                title: "Unsupported media type",
                detail: "A WHEP offer is sent as application/sdp.",
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        var offer = await RequestBody.ReadTextAsync(request, MaxSdpBytes, TooLarge, cancellationToken);
        var answer = listeners.AcceptOffer(id, offer);
        var location = $"/api/sessions/{id}/audio/whep/{answer.ListenerId}";
        return new CreatedWithLocation(location, Results.Text(answer.Sdp, SdpMediaType, statusCode: StatusCodes.Status201Created));
    }

    private static SessionDescriptionMessage? ParseOffer(ReadOnlySequence<byte> body)
    {
        try
        {
            var json = new Utf8JsonReader(body);
            return JsonSerializer.Deserialize(ref json, HostJsonContext.Default.SessionDescriptionMessage);
        }
        catch (JsonException error)
        {
            throw SessionException.Invalid("Invalid JSON", "The body is {\"sdp\": \"...\", \"type\": \"offer\"}: " + error.Message);
        }
    }

    private static AudioStatisticsResponse AudioStatistics(string id, SessionManager manager, SessionListeners audio)
    {
        var session = manager.Get(id);
        var (pipeline, listeners) = audio.GetStatistics(id);
        return new AudioStatisticsResponse(
            session.Id,
            OptionsView.StateName(session.State),
            pipeline,
            [.. listeners.Select(Describe)]);
    }

    private static ListenerStatisticsResponse Describe(WebRtcListenerStatistics listener) => new(
        listener.ListenerId,
        listener.State.ToString().ToLowerInvariant(),
        listener.FailureReason,
        listener.RemoteEndPoint?.ToString(),
        listener.SrtpProfile,
        listener.PacketsSent,
        listener.OctetsSent,
        listener.Reception.ReportsReceived,
        listener.Reception.FractionLost,
        listener.Reception.CumulativeLost,
        listener.Reception.JitterMilliseconds,
        listener.Reception.RoundTripTime?.TotalMilliseconds);

    private static SessionException TooLarge() =>
        new(SessionProblem.TooLarge, "SDP too large", $"An SDP offer is at most {MaxSdpBytes / 1024} KiB.");

    private static async ValueTask<object?> AsProblemDetails(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (SessionException error)
        {
            var status = error.Problem switch
            {
                SessionProblem.NotFound => StatusCodes.Status404NotFound,
                SessionProblem.Conflict => StatusCodes.Status409Conflict,
                SessionProblem.InvalidCsound => StatusCodes.Status422UnprocessableEntity,
                SessionProblem.TooLarge => StatusCodes.Status413PayloadTooLarge,
                SessionProblem.RequestTimeout => StatusCodes.Status408RequestTimeout,
                SessionProblem.TooManyRequests => StatusCodes.Status429TooManyRequests,
                SessionProblem.Unavailable => StatusCodes.Status503ServiceUnavailable,
                _ => StatusCodes.Status400BadRequest,
            };
            var extensions = error.Errors.Count > 0 ? new Dictionary<string, object?> { ["errors"] = error.Errors } : null;
            return Results.Problem(title: error.Title, detail: error.Message, statusCode: status, extensions: extensions);
        }
    }

    /// <summary>A 201 whose Location names the new WHEP listener resource.</summary>
    private sealed class CreatedWithLocation(string location, IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
