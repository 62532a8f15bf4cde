using System.Buffers;
using System.Text.Json;
using Orchestron.Host.Configuration;
using Orchestron.Host.Control;
using Orchestron.Host.Security;
using Orchestron.Host.Sessions;
using Orchestron.WebRtc;

namespace Orchestron.Host.Api;

/// <summary>The sessions API: lifecycle, playing, and WebRTC negotiation (the original JSON shape and WHEP).</summary>
public static class SessionEndpoints
{
    /// <summary>The largest SDP offer accepted; real offers are a few KiB.</summary>
    public const int MaxSdpBytes = 64 * 1024;

    private const string SdpMediaType = "application/sdp";

    /// <summary>
    /// Maps the session endpoints under <c>/api/sessions</c>. Each session request needs the session's
    /// control token, or for listening its listen token, as <c>Authorization: Bearer</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var sessions = endpoints.MapGroup("/api/sessions").AddEndpointFilter(AsProblemDetails);
        sessions.MapPost("/", Create).RequireCreatePermission().RequireRateLimiting(RateLimitPolicies.Create);
        sessions.MapGet("/", (HttpRequest request, SessionManager manager, SessionTokens tokens, OptionsView view) =>
        {
            var token = BearerToken.From(request);
            return new SessionListResponse(
                [.. manager.Sessions.Where(s => tokens.Check(s.Id, token) != SessionAccess.None).Select(view.Describe)]);
        });
        sessions.MapGet("/{id}", (string id, SessionManager manager, OptionsView view) => view.Describe(manager.Get(id)))
            .RequireSessionToken(SessionAccess.Listen);
        sessions.MapDelete("/{id}", async (string id, SessionManager manager) =>
        {
            await manager.DeleteAsync(id);
            return Results.NoContent();
        }).RequireSessionToken(SessionAccess.Control).RequireRateLimiting(RateLimitPolicies.Control);
        sessions.MapPost("/{id}/start", async (string id, SessionManager manager, OptionsView view) =>
            view.Describe(await manager.StartAsync(id)))
            .RequireSessionToken(SessionAccess.Control).RequireRateLimiting(RateLimitPolicies.Start);
        sessions.MapPost("/{id}/stop", async (string id, SessionManager manager, OptionsView view) =>
            view.Describe(await manager.StopAsync(id)))
            .RequireSessionToken(SessionAccess.Control).RequireRateLimiting(RateLimitPolicies.Control);
        sessions.MapPost("/{id}/panic", (string id, SessionManager manager) =>
        {
            manager.Panic(id);
            return Results.NoContent();
        }).RequireSessionToken(SessionAccess.Control).RequireRateLimiting(RateLimitPolicies.Control);
        sessions.MapPost("/{id}/midi-event", (string id, MidiEventRequest request, SessionManager manager) =>
        {
            manager.SendMidi(id, SessionRequestValidation.Midi(request));
            return Results.Accepted();
        }).RequireSessionToken(SessionAccess.Control).RequireRateLimiting(RateLimitPolicies.Control);
        sessions.MapPut("/{id}/channels/{name}", (string id, string name, ChannelValueRequest request, SessionManager manager) =>
        {
            manager.SetChannel(id, name, SessionRequestValidation.ChannelValue(name, request));
            return Results.NoContent();
        }).RequireSessionToken(SessionAccess.Control).RequireRateLimiting(RateLimitPolicies.Control);
        sessions.MapPost("/{id}/audio/webrtc", NegotiateJson)
            .RequireSessionToken(SessionAccess.Listen).RequireRateLimiting(RateLimitPolicies.Negotiate);
        sessions.MapPost("/{id}/audio/whep", NegotiateWhep)
            .RequireSessionToken(SessionAccess.Listen).RequireRateLimiting(RateLimitPolicies.Negotiate);
        sessions.MapDelete("/{id}/audio/whep/{listenerId}", (string id, string listenerId, SessionListeners listeners) =>
        {
            listeners.Remove(id, listenerId);
            return Results.NoContent();
        }).RequireSessionToken(SessionAccess.Listen).RequireRateLimiting(RateLimitPolicies.Control);
        sessions.MapGet("/{id}/audio/stats", AudioStatistics).RequireSessionToken(SessionAccess.Listen);
        sessions.MapJanusEndpoints();
        return endpoints;
    }

    private static async Task<IResult> Create(
        CreateSessionRequest? request, HttpContext context, SessionManager manager, OptionsView view, OrchestronHostOptions options)
    {
        var (instrumentId, csd) = SessionRequestValidation.Source(request);
        var session = await manager.CreateAsync(instrumentId, csd, CreatingClient(context, options));
        // The tokens are shown this once, to the creator; every later request about the session needs one.
        var grant = session.Grant;
        return Results.Created(
            $"/api/sessions/{session.Id}",
            view.Describe(session) with { ControlToken = grant.ControlToken, ListenToken = grant.ListenToken });
    }

    /// <summary>
    /// Whose share a create counts against: the operator when the request carries the operator token (the guard
    /// has already refused a wrong one), its address otherwise.
    /// </summary>
    private static SessionClient CreatingClient(HttpContext context, OrchestronHostOptions options) =>
        options.Security.OperatorToken is { } operatorToken && BearerToken.From(context.Request) is { } token && SecretToken.Matches(token, operatorToken)
            ? SessionClient.Operator
            : SessionClient.FromAddress(context.Connection.RemoteIpAddress);

    private static async Task<IResult> NegotiateJson(
        string id, HttpRequest request, ListenerAdmission listeners, ControlChannels control, CancellationToken cancellationToken)
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

        var client = SessionClient.FromAddress(request.HttpContext.Connection.RemoteIpAddress);
        var answer = listeners.Admit(id, offer.Sdp, client);
        control.Grant(id, answer.ListenerId, SessionTokenFilter.GrantedAccess(request.HttpContext), client);
        return Results.Json(new SessionDescriptionMessage(answer.Sdp, "answer"), HostJsonContext.Default.SessionDescriptionMessage);
    }

    private static async Task<IResult> NegotiateWhep(
        string id, HttpRequest request, ListenerAdmission listeners, ControlChannels control, CancellationToken cancellationToken)
    {
        if (!string.Equals(request.ContentType?.Split(';')[0].Trim(), SdpMediaType, StringComparison.OrdinalIgnoreCase))
        {
            return Results.Problem(
                title: "Unsupported media type",
                detail: "A WHEP offer is sent as application/sdp.",
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        var offer = await RequestBody.ReadTextAsync(request, MaxSdpBytes, TooLarge, cancellationToken);
        var client = SessionClient.FromAddress(request.HttpContext.Connection.RemoteIpAddress);
        var answer = listeners.Admit(id, offer, client);
        control.Grant(id, answer.ListenerId, SessionTokenFilter.GrantedAccess(request.HttpContext), client);
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

    private static AudioStatisticsResponse AudioStatistics(string id, HttpContext context, SessionManager manager, SessionListeners audio)
    {
        var session = manager.Get(id);
        var (pipeline, listeners) = audio.GetStatistics(id);
        // A listen link may be shared widely: its holders see the pipeline, not who else listens.
        var shown = SessionTokenFilter.GrantedAccess(context) == SessionAccess.Control ? listeners : [];
        return new AudioStatisticsResponse(
            session.Id,
            OptionsView.StateName(session.State),
            pipeline,
            [.. shown.Select(Describe)])
        {
            NoteOns = new NoteRateResponse(session.NoteOns.PerSecond, session.NoteOns.Accepted, session.NoteOns.Refused, session.NoteOns.IsHeld),
            Cpu = session.Stream?.CpuShare is { } cpu ? CpuShareResponse.From(cpu) : null,
        };
    }

    private static ListenerStatisticsResponse Describe(WebRtcListenerStatistics listener) => new(
        listener.ListenerId,
        listener.State.ToString().ToLowerInvariant(),
        listener.FailureReason,
        listener.SrtpProfile,
        listener.PacketsSent,
        listener.OctetsSent,
        listener.Reception.ReportsReceived,
        listener.Reception.FractionLost,
        listener.Reception.CumulativeLost,
        listener.Reception.JitterMilliseconds,
        listener.Reception.RoundTripTime?.TotalMilliseconds)
    {
        RedundancyDistance = listener.RedundancyDistance,
        RedundantBlocksSent = listener.RedundantBlocksSent,
    };

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
                SessionProblem.BadGateway => StatusCodes.Status502BadGateway,
                _ => StatusCodes.Status400BadRequest,
            };
            if (error.RetryAfter is { } retryAfter)
            {
                context.HttpContext.Response.Headers.RetryAfter =
                    ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

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
