using Microsoft.Playwright;

namespace Orchestron.Testing;

/// <summary>Debian's Chromium, headless, driven by Playwright; no browser is ever downloaded.</summary>
public static class PlaywrightChromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    // Without the background-networking switches Chromium keeps dialling services this closed network refuses.
    private static readonly string[] Switches =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required",
    ];

    /// <summary>Launches Chromium; <paramref name="executablePath"/> may name a wrapper that runs it elsewhere, such as in a network namespace.</summary>
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync(string executablePath = ExecutablePath)
    {
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executablePath,
                Headless = true,
                Args = Switches,
            });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }
}
