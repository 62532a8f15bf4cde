using Orchestron.Host.Tests.Support;
using Orchestron.Testing;

namespace Orchestron.Host.Tests;

/// <summary>
/// On a host with an operator token, the client opened with the token in its fragment starts sessions, and
/// without it says why it cannot.
/// </summary>
public sealed class ClientOperatorTokenBrowserTests
{
    [Fact]
    public async Task The_client_starts_a_session_with_the_operator_token_from_its_fragment_and_explains_a_refusal_without()
    {
        await using var host = await RunningHost.StartAsync(null, "--operator-token", RunningHost.OperatorToken);
        var (playwright, browser) = await PlaywrightChromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;

        var stranger = await browser.NewPageAsync();
        await stranger.GotoAsync(new Uri(host.Address, "/client/").ToString());
        await stranger.WaitForSelectorAsync("body[data-ready='true']");
        await stranger.ClickAsync("#start-button");
        await stranger.WaitForSelectorAsync("#error-banner:not([hidden])");
        var refusal = await stranger.TextContentAsync("#error-title");

        await using var operatorContext = await browser.NewContextAsync();
        var operatorPage = await operatorContext.NewPageAsync();
        await operatorPage.GotoAsync(new Uri(host.Address, "/client/#operator-token=" + RunningHost.OperatorToken).ToString());
        await operatorPage.WaitForSelectorAsync("body[data-ready='true']");
        await operatorPage.ClickAsync("#start-button");
        await operatorPage.WaitForSelectorAsync("#audio-status[data-state='live']", new() { Timeout = 30_000 });

        Assert.Contains("Operator token required", refusal, StringComparison.Ordinal);
        Assert.DoesNotContain(RunningHost.OperatorToken, operatorPage.Url, StringComparison.Ordinal);
        await operatorPage.ClickAsync("#stop-button");
    }
}
