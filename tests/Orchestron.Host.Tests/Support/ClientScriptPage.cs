using System.Text.Json;
using Microsoft.Playwright;
using Orchestron.Testing;

namespace Orchestron.Host.Tests.Support;

/// <summary>
/// A blank page in headless Chromium at a running host's origin, so that the client's modules (<c>/client/…</c>)
/// load as the host serves them, with the test's own scripts (<c>ClientScripts/*.js</c>) served beside them at
/// <c>/test-scripts/</c>.
/// </summary>
internal sealed class ClientScriptPage : IAsyncDisposable
{
    /// <summary>Where the test's scripts are served at the host's origin.</summary>
    public const string ScriptsPath = "/test-scripts/";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly IPage _page;

    private ClientScriptPage(IPlaywright playwright, IBrowser browser, IPage page) => (_playwright, _browser, _page) = (playwright, browser, page);

    /// <summary>Opens the page and runs <paramref name="setup"/> (an async function's source) in it.</summary>
    public static async Task<ClientScriptPage> OpenAsync(RunningHost host, string setup)
    {
        var (playwright, browser) = await PlaywrightChromium.LaunchAsync();
        var page = await browser.NewPageAsync();
        var origin = host.Address.GetLeftPart(UriPartial.Authority);
        var scripts = Path.Combine(AppContext.BaseDirectory, "ClientScripts");
        await page.RouteAsync(origin + ScriptsPath + "**", route => route.FulfillAsync(new()
        {
            ContentType = "text/javascript",
            Path = Path.Combine(scripts, Path.GetFileName(new Uri(route.Request.Url).AbsolutePath)),
        }));
        await page.RouteAsync(origin + "/test-page", route => route.FulfillAsync(new() { ContentType = "text/html", Body = "<!doctype html><title>client scripts</title>" }));
        await page.GotoAsync(origin + "/test-page");
        await page.EvaluateAsync(setup);
        return new ClientScriptPage(playwright, browser, page);
    }

    /// <summary>Calls <paramref name="function"/> (a function's source) with <paramref name="argument"/> and returns what it returns.</summary>
    public async Task<JsonElement> EvaluateAsync(string function, object argument) =>
        await _page.EvaluateAsync<JsonElement>(function, argument);

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
