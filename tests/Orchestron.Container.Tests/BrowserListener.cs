using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Orchestron.Testing;

namespace Orchestron.Container.Tests;

/// <summary>
/// Headless Chromium on this machine, outside the container, listening to one session of the containerised host:
/// the test's listener page makes the offer, and the test hands it to the host with the session's token.
/// </summary>
internal static class BrowserListener
{
    private const string Origin = "http://listener.test";

    /// <summary>Connects a new page to the session; <paramref name="configuration"/> is the page's RTCConfiguration.</summary>
    public static async Task<IPage> ListenAsync(IBrowser browser, HttpClient host, string sessionId, string token, object? configuration)
    {
        var page = await browser.NewPageAsync();
        var html = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Peers", "chromium_listener.html"));
        await page.RouteAsync(Origin + "/", route => route.FulfillAsync(new() { ContentType = "text/html", Body = html }));
        await page.RouteAsync(Origin + "/offer", async route =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{sessionId}/audio/webrtc")
            {
                Content = new StringContent(route.Request.PostData!, Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var answer = await host.SendAsync(request);
            await route.FulfillAsync(new() { Status = (int)answer.StatusCode, ContentType = "application/json", Body = await answer.Content.ReadAsStringAsync() });
        });
        await page.GotoAsync(Origin + "/");
        // Handed over as JSON text: the configuration may carry JsonElements, which Playwright does not serialise.
        var json = configuration is null ? null : JsonSerializer.Serialize(configuration);
        await page.EvaluateAsync("([url, json]) => window.listen(url, json ? JSON.parse(json) : undefined)", new object?[] { Origin + "/offer", json });
        return page;
    }

    /// <summary>Waits until the page has received <paramref name="packets"/> audio packets, and returns its reading then.</summary>
    public static async Task<(JsonElement Inbound, JsonElement Pair)> WaitForPacketsAsync(IPage page, int packets, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var inbound = await ListenerPage.ReadStatsAsync(page, "window.inboundAudio()");
            if (inbound.ValueKind == JsonValueKind.Object && inbound.GetProperty("packetsReceived").GetInt32() >= packets)
            {
                return (inbound, await ListenerPage.ReadStatsAsync(page, "window.selectedPair()"));
            }

            if (DateTime.UtcNow > deadline)
            {
                var state = await page.EvaluateAsync<string>("window.connectionState()");
                throw new TimeoutException($"the page received {inbound} in {patience} (connection {state})");
            }

            await Task.Delay(250);
        }
    }
}
