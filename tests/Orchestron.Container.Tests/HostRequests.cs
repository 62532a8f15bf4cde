using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Orchestron.Container.Tests;

/// <summary>The host's API as the tests call it: bearer tokens, JSON bodies, and a failure that shows the answer.</summary>
internal static class HostRequests
{
    /// <summary>Creates a session as the operator and starts it; returns its id and control token.</summary>
    public static async Task<(string Id, string Token)> CreateAndStartAsync(HttpClient host, string operatorToken, object request)
    {
        var created = await ReadAsync(host, HttpMethod.Post, "/api/sessions", operatorToken, request);
        var id = created.GetProperty("id").GetString()!;
        var token = created.GetProperty("controlToken").GetString()!;
        await SendAsync(host, HttpMethod.Post, $"/api/sessions/{id}/start", token, body: null);
        return (id, token);
    }

    public static async Task<JsonElement> ReadAsync(HttpClient host, HttpMethod method, string path, string token, object? body)
    {
        using var response = await SendAsync(host, method, path, token, body);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>Sends the request and asserts a success status.</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient host, HttpMethod method, string path, string token, object? body)
    {
        var response = await SendUncheckedAsync(host, method, path, token, body);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    public static async Task<HttpResponseMessage> SendUncheckedAsync(HttpClient host, HttpMethod method, string path, string? token, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await host.SendAsync(request);
    }
}
