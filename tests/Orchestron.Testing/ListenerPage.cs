using System.Text.Json;
using Microsoft.Playwright;
using Orchestron.WebRtc;

namespace Orchestron.Testing;

/// <summary>
/// Serves the browser listener page (<c>Peers/chromium_listener.html</c>) at a made-up origin inside Playwright,
/// and answers the page's offer with the sender under test: no HTTP server is needed between them.
/// </summary>
public static class ListenerPage
{
    /// <summary>
    /// A stats reading from the page (<c>window.inboundAudio()</c>, <c>window.selectedPair()</c>), asked again
    /// while it is null: a getStats() report can briefly lack an entry the call before had.
    /// </summary>
    public static async Task<JsonElement> ReadStatsAsync(IPage page, string expression)
    {
        for (var attempt = 0; ; attempt++)
        {
            var reading = await page.EvaluateAsync<JsonElement>(expression);
            if (reading.ValueKind != JsonValueKind.Null || attempt == 20)
            {
                return reading;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The page's origin; its offer goes to <c>Origin + "/offer"</c>.</summary>
    public const string Origin = "http://orchestron.test";

    public static async Task ServeAsync(IPage page, WebRtcAudioSender sender)
    {
        var html = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Peers", "chromium_listener.html"));
        await page.RouteAsync(Origin + "/", route => route.FulfillAsync(new() { ContentType = "text/html", Body = html }));
        await page.RouteAsync(Origin + "/offer", async route =>
        {
            var offer = JsonDocument.Parse(route.Request.PostData!).RootElement.GetProperty("sdp").GetString()!;
            var answer = sender.AcceptOffer(offer);
            await route.FulfillAsync(new()
            {
                ContentType = "application/json",
                Body = JsonSerializer.Serialize(new Dictionary<string, string> { ["type"] = "answer", ["sdp"] = answer.Sdp }),
            });
        });
    }
}
