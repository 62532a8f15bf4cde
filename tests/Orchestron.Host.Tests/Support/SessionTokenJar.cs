using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Orchestron.Host.Tests.Support;

/// <summary>
/// Keeps each session's control token as the browser client does, and sends it with every later request about
/// that session that carries no token of its own: tests written as an owner read as before, while a test that
/// sets a token (or uses a fresh client) still sends exactly what it chose.
/// </summary>
internal sealed partial class SessionTokenJar : DelegatingHandler
{
    private readonly ConcurrentDictionary<string, string> _controlTokens = new(StringComparer.Ordinal);

    public SessionTokenJar()
        : base(new HttpClientHandler { AllowAutoRedirect = false })
    {
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri?.IsAbsoluteUri == true ? request.RequestUri.AbsolutePath : request.RequestUri?.OriginalString ?? string.Empty;
        var session = SessionPath().Match(path);
        if (request.Headers.Authorization is null && session.Success
            && _controlTokens.TryGetValue(session.Groups["id"].Value, out var token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (request.Method == HttpMethod.Post && path.TrimEnd('/') == "/api/sessions" && response.StatusCode == HttpStatusCode.Created)
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            using var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            if (created.RootElement.TryGetProperty("id", out var id) && created.RootElement.TryGetProperty("controlToken", out var control))
            {
                _controlTokens[id.GetString()!] = control.GetString()!;
            }
        }

        return response;
    }

    [GeneratedRegex("^/api/sessions/(?<id>[^/]+)")]
    private static partial Regex SessionPath();
}
