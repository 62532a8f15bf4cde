namespace Orchestron.Host.Security;

/// <summary>
/// Headers for the browser client's files. The page holds its sessions' tokens in sessionStorage, so the
/// policy lets only the host's own files run as script (no inline or injected script could read them), keeps
/// the page out of other sites' frames (no clickjacking of Start), and sends no referrer.
/// </summary>
public static class ClientSecurityHeaders
{
    /// <summary>The Content-Security-Policy of the client's files.</summary>
    /// <remarks>Inline style attributes are allowed: the level meter's scale is positioned with them.</remarks>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "connect-src 'self'; media-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'none'; "
        + "frame-ancestors 'none'";

    /// <summary>Adds the headers to a response that serves a client file.</summary>
    public static void Apply(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }
}
