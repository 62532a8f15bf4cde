using Microsoft.Net.Http.Headers;

namespace Orchestron.Host.Security;

/// <summary>Reads the token of an <c>Authorization: Bearer</c> header (RFC 6750).</summary>
public static class BearerToken
{
    /// <summary>The challenge a 401 carries, telling the client which scheme to use.</summary>
    public const string Challenge = "Bearer realm=\"orchestron\"";

    private const string Scheme = "Bearer ";

    /// <summary>The bearer token of the request, or null when it has none.</summary>
    public static string? From(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers[HeaderNames.Authorization].ToString();
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header[Scheme.Length..].Trim();
        return token.Length == 0 ? null : token;
    }
}
