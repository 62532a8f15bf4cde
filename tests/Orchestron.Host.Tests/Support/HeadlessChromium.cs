using System.Diagnostics;

namespace Orchestron.Host.Tests.Support;

/// <summary>Debian's Chromium, headless, printing a page's DOM after its scripts have run.</summary>
internal static class HeadlessChromium
{
    public static string DumpDom(Uri page)
    {
        var profile = Directory.CreateTempSubdirectory("orchestron-chromium-");
        try
        {
            var start = new ProcessStartInfo("/usr/bin/chromium")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile.FullName, "--window-size=1280,900",
                // Virtual time runs the page's timers without waiting, and waits for its fetches.
                "--virtual-time-budget=5000", "--dump-dom", page.ToString(),
            })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var dom = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            // A guard against a browser that never exits, not a timing assertion.
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("chromium did not finish");
            }

            Assert.Equal(0, process.ExitCode);
            return dom.Result;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
