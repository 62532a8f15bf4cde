using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orchestron.Host.Sessions;
using Orchestron.Host.Tests.Support;

namespace Orchestron.Host.Tests.Security;

/// <summary>Helpers for the attack tests: raw requests as a stranger would send them, and what they changed.</summary>
internal static class Attack
{
    /// <summary>A request with the given bearer token (none when null) and optional JSON body.</summary>
    public static HttpRequestMessage Request(HttpMethod method, string path, string? bearerToken, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (bearerToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return request;
    }

    /// <summary>Every request a session's owner may make, as (method, path suffix, JSON body).</summary>
    public static IReadOnlyList<(HttpMethod Method, string Path, string? Json)> ControlRequests(string id) =>
    [
        (HttpMethod.Get, $"/api/sessions/{id}", null),
        (HttpMethod.Get, $"/api/sessions/{id}/audio/stats", null),
        (HttpMethod.Post, $"/api/sessions/{id}/start", null),
        (HttpMethod.Post, $"/api/sessions/{id}/panic", null),
        (HttpMethod.Post, $"/api/sessions/{id}/midi-event", """{"message":[144,60,100]}"""),
        (HttpMethod.Put, $"/api/sessions/{id}/channels/cutoff", """{"value":200}"""),
        (HttpMethod.Post, $"/api/sessions/{id}/audio/webrtc", """{"sdp":"v=0","type":"offer"}"""),
        (HttpMethod.Post, $"/api/sessions/{id}/stop", null),
        (HttpMethod.Delete, $"/api/sessions/{id}", null),
    ];

    /// <summary>How many sessions the host holds: what an attack that should change nothing must leave alone.</summary>
    public static int SessionCount(RunningHost host) => host.Services.GetRequiredService<SessionManager>().Sessions.Count;

    public static bool Succeeded(HttpResponseMessage response) =>
        response.IsSuccessStatusCode || response.StatusCode is HttpStatusCode.Redirect;
}
