using Orchestron.Testing;

namespace Orchestron.Host.Tests.ScaleOut;

/// <summary>
/// The browser client served through HAProxy: its session lands on a replica, its control and negotiation follow
/// the session there, and a listen link opened in another browser plays the same session.
/// </summary>
public sealed class ClientThroughProxyBrowserTests
{
    [Fact]
    public async Task The_client_plays_and_shares_a_session_through_the_proxy()
    {
        await using var stack = await ScaleOutStack.StartAsync();
        var (playwright, browser) = await PlaywrightChromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var owner = await browser.NewPageAsync();
        await owner.GotoAsync(new Uri(stack.Proxy.Address, "/client/").ToString());
        await owner.WaitForSelectorAsync("body[data-ready='true']");
        await owner.ClickAsync("#start-button");
        await owner.WaitForSelectorAsync("#audio-status[data-state='live']", new() { Timeout = 30_000 });
        var id = await owner.EvaluateAsync<string>("() => window.orchestron.sessionId");
        var link = await owner.GetAttributeAsync("#listen-link-anchor", "href");

        await using var guestContext = await browser.NewContextAsync();
        var guest = await guestContext.NewPageAsync();
        await guest.GotoAsync(link!);
        await guest.WaitForSelectorAsync("#audio-status[data-state='live']", new() { Timeout = 30_000 });

        Assert.Matches("^[ab]-[0-9a-f]{32}$", id);
        Assert.StartsWith(stack.Proxy.Address.ToString(), link, StringComparison.Ordinal);
        Assert.Equal(id, await guest.EvaluateAsync<string>("() => window.orchestron.sessionId"));
        Assert.True(await guest.EvaluateAsync<bool>("() => window.orchestron.listenOnly"));
        await owner.ClickAsync("#stop-button");
    }
}
