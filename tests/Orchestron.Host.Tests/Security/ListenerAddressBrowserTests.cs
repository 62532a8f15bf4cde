using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Orchestron.Host.Tests.Support;
using Orchestron.Testing;

namespace Orchestron.Host.Tests.Security;

/// <summary>
/// A real browser listens, so the host knows its address; the statistics still never show it, not even to the
/// session's owner, and a listen token sees no listeners at all.
/// </summary>
public sealed partial class ListenerAddressBrowserTests
{
    [Fact]
    public async Task A_connected_listeners_address_shows_in_no_statistics()
    {
        await using var host = await RunningHost.StartAsync();
        var (playwright, browser) = await PlaywrightChromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(host.Address, "/client/").ToString());
        await page.WaitForSelectorAsync("body[data-ready='true']");
        await page.ClickAsync("#start-button");
        await page.WaitForSelectorAsync("#audio-status[data-state='live']", new() { Timeout = 30_000 });

        // The page keeps its session's tokens per tab; read them as the owner would have them.
        var id = await page.EvaluateAsync<string>("() => window.orchestron.sessionId");
        var tokens = await page.EvaluateAsync<JsonElement>("() => JSON.parse(sessionStorage.getItem('orchestron.sessionTokens'))");
        var control = tokens.GetProperty(id).GetProperty("control").GetString();
        var listen = tokens.GetProperty(id).GetProperty("listen").GetString();
        using var owner = host.NewClient(control);
        using var guest = host.NewClient(listen);
        using var stranger = host.NewClient(new string('d', 64));

        var ownerView = await owner.GetStringAsync($"/api/sessions/{id}/audio/stats");
        var guestView = await guest.GetStringAsync($"/api/sessions/{id}/audio/stats");
        using var strangerView = await stranger.GetAsync($"/api/sessions/{id}/audio/stats");

        var listeners = JsonDocument.Parse(ownerView).RootElement.GetProperty("listeners");
        Assert.Contains(listeners.EnumerateArray(), l => l.GetProperty("state").GetString() == "connected");
        var addressesShown = AddressPattern().Matches(ownerView).Count + AddressPattern().Matches(guestView).Count;
        Assert.Equal(0, addressesShown);
        Assert.DoesNotContain("remoteAddress", ownerView, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, JsonDocument.Parse(guestView).RootElement.GetProperty("listeners").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, strangerView.StatusCode);
        await page.ClickAsync("#stop-button");
    }

    /// <summary>An IPv4 address, or an IPv6 loopback or bracketed address with a port.</summary>
    [GeneratedRegex(@"\b\d{1,3}(\.\d{1,3}){3}\b|::1|\[[0-9a-f:]+\]:\d+", RegexOptions.IgnoreCase)]
    private static partial Regex AddressPattern();
}
