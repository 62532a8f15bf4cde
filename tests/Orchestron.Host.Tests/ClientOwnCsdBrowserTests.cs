using Orchestron.Host.Tests.Support;
using Microsoft.Playwright;
using Orchestron.Testing;

namespace Orchestron.Host.Tests;

/// <summary>
/// The operator's own instrument in the browser client: offered where the host accepts CSD text, pasted or opened
/// from a file, started like any instrument and played sandboxed; Csound's compile errors shown under the editor
/// with their line numbers; and where the host does not accept CSD text, the client says how an operator turns it on.
/// </summary>
public sealed class ClientOwnCsdBrowserTests
{
    [Fact]
    public async Task An_operator_opens_a_csd_file_starts_it_and_hears_it_sandboxed()
    {
        await using var host = await RunningHost.StartWithNetworkCsdAsync();
        await using var client = await ClientPage.OpenAsync(host, "#operator-token=" + RunningHost.OperatorToken);
        var page = client.Page;
        var file = Path.Combine(Path.GetTempPath(), $"orchestron-own-{Guid.NewGuid():N}.csd");
        await File.WriteAllTextAsync(file, TestInstruments.Sine(440));
        try
        {
            await page.ClickAsync("[data-instrument='own-csd']");
            await page.SetInputFilesAsync("#csd-file", file);
            await page.WaitForFunctionAsync("document.getElementById('csd-text').value.includes('phasor 440')");
            await page.ClickAsync("#start-button");
            await page.WaitForSelectorAsync("#audio-status[data-state='live']", new() { Timeout = 30_000 });

            Assert.Equal("sandboxed", await page.TextContentAsync("#session-isolation"));
            Assert.Equal(Path.GetFileName(file), await page.TextContentAsync("#csd-file-name"));
            await page.ClickAsync("#stop-button");
            await page.WaitForSelectorAsync("#audio-status[data-state='idle']", new() { Timeout = 15_000 });
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_csd_that_does_not_compile_shows_csounds_errors_with_the_line_under_the_editor()
    {
        await using var host = await RunningHost.StartWithNetworkCsdAsync();
        await using var client = await ClientPage.OpenAsync(host, "#operator-token=" + RunningHost.OperatorToken);
        var page = client.Page;

        await page.ClickAsync("[data-instrument='own-csd']");
        await page.FillAsync("#csd-text", TestInstruments.Sine(440).Replace("phasor", "no_such_opcode", StringComparison.Ordinal));
        await page.ClickAsync("#start-button");
        await page.WaitForSelectorAsync("#csd-errors:not([hidden])", new() { Timeout = 30_000 });

        var errors = await page.TextContentAsync("#csd-error-list");
        Assert.Contains("no_such_opcode", errors, StringComparison.Ordinal);
        Assert.Matches(@"line \d+", errors);
        Assert.Equal("error", await page.GetAttributeAsync("#session-state", "data-state"));
        Assert.Equal(0, Security.Attack.SessionCount(host));
    }

    [Fact]
    public async Task Where_the_host_takes_no_csd_text_the_client_says_how_an_operator_turns_it_on()
    {
        await using var host = await RunningHost.StartAsync();
        await using var client = await ClientPage.OpenAsync(host);
        var page = client.Page;


        Assert.Equal(0, await page.Locator("[data-instrument='own-csd']").CountAsync());
        var note = await page.TextContentAsync("#csd-unavailable");
        Assert.Null(await page.GetAttributeAsync("#csd-unavailable", "hidden"));
        Assert.Contains("--allow-network-csd", note, StringComparison.Ordinal);
        Assert.Contains("VISUALCSOUND_ALLOW_NETWORK_CSD", note, StringComparison.Ordinal);
    }

    /// <summary>Headless Chromium with the client open and ready; <paramref name="fragment"/> carries an operator token.</summary>
    private sealed class ClientPage(IPlaywright playwright, IBrowser browser, IPage page) : IAsyncDisposable
    {
        public IPage Page => page;

        public static async Task<ClientPage> OpenAsync(RunningHost host, string fragment = "")
        {
            var (playwright, browser) = await PlaywrightChromium.LaunchAsync();
            var client = new ClientPage(playwright, browser, await browser.NewPageAsync());
            await client.Page.GotoAsync(new Uri(host.Address, "/client/" + fragment).ToString());
            await client.Page.WaitForSelectorAsync("body[data-ready='true']");
            return client;
        }

        public async ValueTask DisposeAsync()
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }
}
