using Orchestron.Host.Configuration;

namespace Orchestron.Host.Security;

/// <summary>
/// Refuses state-changing API requests another site could make a browser send. A browser sends a
/// "simple" cross-origin request (form types or no body, no custom headers) without asking the server
/// first, so CORS alone cannot stop it; here such a request must either come from this host's own origin
/// or a configured one, and must not be simple: it carries a bearer token or a JSON or SDP body.
/// </summary>
public sealed class CrossSiteRequestGuard(RequestDelegate next, OrchestronHostOptions options)
{
    private static readonly string[] NonSimpleMediaTypes = ["application/json", "application/sdp"];

    /// <summary>Checks the request and passes it on, or answers 403 or 415.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (IsSafe(request.Method) || !request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            return next(context);
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !IsAllowedOrigin(origin, request))
        {
            return Results.Problem(
                title: "Cross-origin request refused",
                detail: $"Requests from {origin} may not change anything here; the host's operator lists trusted "
                    + $"origins in {OrchestronSettings.CorsOrigins.EnvironmentVariable}.",
                statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);
        }

        // Only a bearer token counts: browsers attach Basic or Negotiate credentials to cross-site requests by
        // themselves, but never a bearer token.
        if (BearerToken.From(request) is null && !HasNonSimpleBody(request))
        {
            return Results.Problem(
                title: "Unsupported media type",
                detail: "A request that changes state carries 'Authorization: Bearer <token>' or a body typed application/json or application/sdp.",
                statusCode: StatusCodes.Status415UnsupportedMediaType).ExecuteAsync(context);
        }

        return next(context);
    }

    private static bool IsSafe(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);

    private static bool HasNonSimpleBody(HttpRequest request)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim();
        return mediaType is not null && NonSimpleMediaTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The host's own origin (same host and port as the request) or a configured CORS origin.</summary>
    private bool IsAllowedOrigin(string origin, HttpRequest request)
    {
        if (options.CorsOrigins.Contains(CorsOrigin.Any)
            || options.CorsOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        // The authority alone: behind a TLS proxy the page is https while this request arrives as http.
        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
