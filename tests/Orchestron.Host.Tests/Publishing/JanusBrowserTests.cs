using System.Net;
using Orchestron.Host.Tests.Support;
using Orchestron.Testing;

namespace Orchestron.Host.Tests.Publishing;

/// <summary>
/// The page's choice of path when the host publishes to Janus: an unpublished session is heard directly. (The
/// published path, Chromium through Janus, is part of <see cref="JanusPublishingTests"/>.)
/// </summary>
public sealed class JanusBrowserTests
{
    [Fact]
    public async Task A_listen_link_of_an_unpublished_session_falls_back_to_the_direct_path()
    {
        await using var janus = await JanusServer.StartAsync();
        await using var host = await JanusPublishingTests.StartHostAsync(janus);
        var session = await host.CreateSessionAsync(new { csd = TestInstruments.Sine(1000, 48_000) }, asOperator: true);
        var id = session.GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await host.Client.PostAsync($"/api/sessions/{id}/start", null)).StatusCode);
        var (playwright, browser) = await PlaywrightChromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(host.Address, $"/client/#listen={id}.{session.GetProperty("listenToken").GetString()}").ToString());
        await page.WaitForSelectorAsync("#audio-status[data-state='live']", new() { Timeout = 30_000 });

        Assert.Equal("direct", await page.EvaluateAsync<string>("() => window.orchestron.audioPath"));
    }
}
