using System.Text.Json;
using Orchestron.Host.Tests.Support;
using Orchestron.Testing;

namespace Orchestron.Host.Tests;

/// <summary>
/// The owner's page shows a listen link; a second browser (its own storage, as another person's would be) opens
/// it, hears the session live, and holds no token that could control it.
/// </summary>
public sealed class ClientListenLinkBrowserTests
{
    [Fact]
    public async Task A_listen_link_lets_another_browser_hear_the_session_without_controlling_it()
    {
        await using var host = await RunningHost.StartAsync();
        var (playwright, browser) = await PlaywrightChromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var owner = await browser.NewPageAsync();
        await owner.GotoAsync(new Uri(host.Address, "/client/").ToString());
        await owner.WaitForSelectorAsync("body[data-ready='true']");
        await owner.ClickAsync("#start-button");
        await owner.WaitForSelectorAsync("#audio-status[data-state='live']", new() { Timeout = 30_000 });
        var link = await owner.GetAttributeAsync("#listen-link-anchor", "href");
        var id = await owner.EvaluateAsync<string>("() => window.orchestron.sessionId");

        await using var guestContext = await browser.NewContextAsync();
        var guest = await guestContext.NewPageAsync();
        await guest.GotoAsync(link!);
        await guest.WaitForSelectorAsync("#audio-status[data-state='live']", new() { Timeout = 30_000 });

        var guestTokens = await guest.EvaluateAsync<JsonElement>("() => JSON.parse(sessionStorage.getItem('orchestron.sessionTokens'))");
        Assert.Matches($"#listen={id}\\.[0-9a-f]{{64}}$", link);
        Assert.False(guestTokens.GetProperty(id).TryGetProperty("control", out var _));
        Assert.True(await guest.EvaluateAsync<bool>("() => window.orchestron.listenOnly"));
        Assert.True(await guest.IsDisabledAsync("#stop-button"));
        Assert.DoesNotContain("listen=", guest.Url, StringComparison.Ordinal);
        Assert.Equal("running", await owner.EvaluateAsync<string>("() => document.getElementById('session-state').dataset.state"));
        await owner.ClickAsync("#stop-button");
    }
}
