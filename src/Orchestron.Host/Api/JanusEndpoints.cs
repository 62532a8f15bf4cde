using Orchestron.Host.Publishing;
using Orchestron.Host.Security;
using Orchestron.Host.Sessions;

namespace Orchestron.Host.Api;

/// <summary>
/// Publishing a session to Janus (control token) and listening through Janus (listen token). The host carries the
/// watch negotiation so that browsers never need Janus's API or its secret: Janus offers, the browser answers.
/// </summary>
internal static class JanusEndpoints
{
    /// <summary>Maps the Janus routes onto the sessions group.</summary>
    public static void MapJanusEndpoints(this RouteGroupBuilder sessions)
    {
        sessions.MapPost("/{id}/janus", (string id, JanusPublisher publisher, CancellationToken cancellationToken) =>
            publisher.PublishAsync(id, cancellationToken))
            .RequireSessionToken(SessionAccess.Control).RequireRateLimiting(RateLimitPolicies.Start);
        sessions.MapGet("/{id}/janus", (string id, SessionManager manager, JanusPublisher publisher) =>
        {
            manager.Get(id);
            return publisher.Describe(id) is { } publication
                ? Results.Json(publication, HostJsonContext.Default.JanusPublicationResponse)
                : Results.Problem(title: "Not published", detail: "The session is not published to Janus.", statusCode: StatusCodes.Status404NotFound);
        }).RequireSessionToken(SessionAccess.Control);
        sessions.MapDelete("/{id}/janus", async (string id, JanusPublisher publisher, CancellationToken cancellationToken) =>
        {
            await publisher.UnpublishAsync(id, cancellationToken);
            return Results.NoContent();
        }).RequireSessionToken(SessionAccess.Control).RequireRateLimiting(RateLimitPolicies.Control);
        sessions.MapPost("/{id}/audio/janus", (string id, JanusViewers viewers, CancellationToken cancellationToken) =>
            viewers.WatchAsync(id, cancellationToken))
            .RequireSessionToken(SessionAccess.Listen).RequireRateLimiting(RateLimitPolicies.Negotiate);
        sessions.MapPost("/{id}/audio/janus/{viewerId}", async (string id, string viewerId, SessionDescriptionMessage answer, JanusViewers viewers, CancellationToken cancellationToken) =>
        {
            if (answer.Type != "answer" || string.IsNullOrEmpty(answer.Sdp) || answer.Sdp.Length > SessionEndpoints.MaxSdpBytes)
            {
                throw SessionException.Invalid("Not an answer", "The body is {\"sdp\": \"...\", \"type\": \"answer\"}, at most 64 KiB of SDP.");
            }

            await viewers.AnswerAsync(id, viewerId, answer.Sdp, cancellationToken);
            return Results.NoContent();
        }).RequireSessionToken(SessionAccess.Listen).RequireRateLimiting(RateLimitPolicies.Control); // the watch that made the viewer was counted as the negotiation
        sessions.MapDelete("/{id}/audio/janus/{viewerId}", async (string id, string viewerId, JanusViewers viewers) =>
        {
            await viewers.LeaveAsync(id, viewerId);
            return Results.NoContent();
        }).RequireSessionToken(SessionAccess.Listen).RequireRateLimiting(RateLimitPolicies.Control);
    }
}
