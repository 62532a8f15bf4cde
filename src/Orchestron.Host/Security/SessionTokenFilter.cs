using Orchestron.Host.Sessions;

namespace Orchestron.Host.Security;

/// <summary>
/// Lets a request about <c>/api/sessions/{id}</c> through only with a token for that session. No token is a
/// 401; a token that does not open the session is the same 404 an unknown id gets, so guessing ids with any
/// token learns nothing; a listen token on a control endpoint is a 403 (its holder knows the session exists).
/// </summary>
public static class SessionTokenFilter
{
    private const string AccessItem = "Orchestron.SessionAccess";

    /// <summary>Requires a token giving at least <paramref name="needed"/> on the route's session.</summary>
    public static TBuilder RequireSessionToken<TBuilder>(this TBuilder builder, SessionAccess needed)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var id = http.Request.RouteValues["id"] as string ?? string.Empty;
            var token = BearerToken.From(http.Request);
            if (token is null)
            {
                http.Response.Headers.WWWAuthenticate = BearerToken.Challenge;
                return Results.Problem(
                    title: "Token required",
                    detail: "Send the session's token as 'Authorization: Bearer <token>'; POST /api/sessions returns it.",
                    statusCode: StatusCodes.Status401Unauthorized);
            }

            var access = http.RequestServices.GetRequiredService<SessionTokens>().Check(id, token);
            if (access == SessionAccess.None)
            {
                throw SessionException.NotFound(id);
            }

            if (access < needed)
            {
                return Results.Problem(
                    title: "Listen token",
                    detail: "This token lets its holder listen; controlling the session needs its control token.",
                    statusCode: StatusCodes.Status403Forbidden);
            }

            http.Items[AccessItem] = access;
            return await next(context);
        });

    /// <summary>The access the filter granted this request.</summary>
    public static SessionAccess GrantedAccess(HttpContext context) =>
        context?.Items[AccessItem] is SessionAccess access ? access : SessionAccess.None;
}
