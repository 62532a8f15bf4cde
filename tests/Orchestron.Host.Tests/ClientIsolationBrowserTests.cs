using Orchestron.Host.Tests.Support;
using Orchestron.Testing;

namespace Orchestron.Host.Tests;

/// <summary>The browser client says where a session's Csound runs, and a sandboxed session plays live in it.</summary>
public sealed class ClientIsolationBrowserTests
{
    [Theory]
    [InlineData("in-process", "in-process")]
    [InlineData("sandbox", "sandboxed")]
    public async Task The_client_shows_the_sessions_isolation_and_its_audio_goes_live(string isolation, string shown)
    {
        await using var host = await RunningHost.StartAsync(null, "--isolation", isolation);
        var (playwright, browser) = await PlaywrightChromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(host.Address, "/client/").ToString());
        await page.WaitForSelectorAsync("body[data-ready='true']");
        await page.ClickAsync("[data-instrument='analog-poly']");
        await page.ClickAsync("#start-button");
        await page.WaitForSelectorAsync("#audio-status[data-state='live']", new() { Timeout = 30_000 });

        var label = await page.TextContentAsync("#session-isolation");
        var hidden = await page.GetAttributeAsync("#session-isolation", "hidden");
        Assert.Equal(shown, label);
        Assert.Null(hidden);
        await page.ClickAsync("#stop-button");
        await page.WaitForSelectorAsync("#audio-status[data-state='idle']", new() { Timeout = 15_000 });
    }
}
