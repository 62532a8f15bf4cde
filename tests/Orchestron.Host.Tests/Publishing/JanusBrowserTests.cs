using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orchestron.Host.Sessions;
using Orchestron.Host.Tests.Support;
using Orchestron.Testing;

namespace Orchestron.Host.Tests.Publishing;

/// <summary>Headless Chromium opens a listen link of a published session and hears it through Janus, with the page's own status, meter and statistics.</summary>
public sealed class JanusBrowserTests
{
    [Fact]
    public async Task A_listen_link_of_a_published_session_plays_it_through_janus_at_its_pitch()
    {
        await using var janus = await JanusServer.StartAsync();
        await using var host = await JanusPublishingTests.StartHostAsync(janus);
        var session = await host.CreateSessionAsync(new { csd = TestInstruments.Sine(1000, 48_000) }, asOperator: true);
        var id = session.GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await host.Client.PostAsync($"/api/sessions/{id}/start", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.PostAsync($"/api/sessions/{id}/janus", null)).StatusCode);
        var (playwright, browser) = await PlaywrightChromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(host.Address, $"/client/#listen={id}.{session.GetProperty("listenToken").GetString()}").ToString());
        await page.WaitForSelectorAsync("#audio-status[data-state='live']", new() { Timeout = 30_000 });
        await Task.Delay(1000);
        var pitches = new List<double>();
        for (var i = 0; i < 15; i++)
        {
            pitches.Add(await page.EvaluateAsync<double>(ClientLiveBrowserTests.MeasurePitch));
            await Task.Delay(60);
        }

        await page.WaitForFunctionAsync("() => window.orchestron.stats?.packetsReceived > 0", null, new() { Timeout = 15_000 });
        var stats = await page.EvaluateAsync<JsonElement>("() => window.orchestron.stats");
        Assert.Equal("janus", await page.EvaluateAsync<string>("() => window.orchestron.audioPath"));
        pitches.Sort();
        Assert.InRange(pitches[pitches.Count / 2], 1000 * 0.98, 1000 * 1.02);
        Assert.True(stats.GetProperty("packetsReceived").GetDouble() > 0);
        // The host's own sender serves nobody directly: Janus does the fan-out.
        Assert.Equal(0, host.Services.GetRequiredService<SessionManager>().Get(id).Stream!.Sender.ListenerCount);
    }

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
