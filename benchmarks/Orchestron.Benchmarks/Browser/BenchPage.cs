using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Orchestron.Testing;

namespace Orchestron.Benchmarks.Browser;

/// <summary>
/// Headless Chromium (Debian's, through Playwright) on the benchmark page, listening to one session. The page's
/// files are served by Playwright under the host's own origin, so the page's requests to the API are
/// same-origin and pass the host's origin checks exactly as the browser client's do.
/// </summary>
internal sealed class BenchPage : IAsyncDisposable
{
    private const string PagePath = "/bench/";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private BenchPage(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
    }

    public IPage Page { get; }

    /// <summary>
    /// Opens the page and listens to <paramref name="session"/>, with the onset-detector or block-meter worklet
    /// (<paramref name="processor"/>) on the received track, or with <paramref name="lowLatency"/> on what the
    /// client's low-latency path plays; returns once the connection is up.
    /// </summary>
    /// <param name="host">The host's origin.</param>
    /// <param name="session">The session.</param>
    /// <param name="processor">The worklet on the received track.</param>
    /// <param name="lowLatency">Whether to play the client's low-latency path rather than the RTP track.</param>
    /// <param name="controlChannel">Whether to open the control data channel too (negotiating with the control token).</param>
    /// <param name="latencyHint">The AudioContext's latency hint in seconds for the RTP listener; 'interactive' when null.</param>
    public static async Task<BenchPage> ListenAsync(
        Uri host, BenchSession session, string processor, bool lowLatency = false, bool controlChannel = false, double? latencyHint = null)
    {
        var (playwright, browser) = await PlaywrightChromium.LaunchAsync();
        var page = await browser.NewPageAsync();
        var bench = new BenchPage(playwright, browser, page);
        try
        {
            var origin = host.GetLeftPart(UriPartial.Authority);
            var files = Path.Combine(AppContext.BaseDirectory, "Browser", "Page");
            await page.RouteAsync(origin + PagePath + "**", route =>
            {
                var name = Path.GetFileName(new Uri(route.Request.Url).AbsolutePath);
                var type = name.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript" : "text/html";
                return route.FulfillAsync(new() { ContentType = type, Path = Path.Combine(files, name) });
            });
            page.Console += (_, message) => Console.Error.WriteLine($"[page] {message.Text}");
            await page.GotoAsync(origin + PagePath + "bench.html");
            await page.EvaluateAsync("on => window.useControlChannel = on", controlChannel);
            if (latencyHint is { } hint)
            {
                await page.EvaluateAsync("seconds => window.latencyHint = seconds", hint);
            }

            var context = await page.EvaluateAsync<JsonElement>(
                lowLatency
                    ? "([id, token, module, name]) => listenLowLatency(id, token, module, name)"
                    : "([id, token, module, name]) => listen(id, token, module, name)",
                new object[] { session.Id, controlChannel ? session.ControlToken : session.ListenToken, PagePath + processor + ".js", processor });
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Chromium listens: AudioContext at {context.GetProperty("sampleRate").GetDouble()} Hz, base latency {context.GetProperty("baseLatency").GetDouble() * 1000:0.0} ms, output latency {context.GetProperty("outputLatency").GetDouble() * 1000:0.0} ms"));
            var patience = DateTime.UtcNow.AddSeconds(20);
            while (await page.EvaluateAsync<string>("connectionState()") != "connected"
                || (controlChannel && !await page.EvaluateAsync<bool>("controlChannel.isOpen()")))
            {
                if (DateTime.UtcNow > patience)
                {
                    throw new TimeoutException("Chromium's peer connection never reached 'connected' (or its control channel never opened).");
                }

                await Task.Delay(100);
            }

            return bench;
        }
        catch
        {
            await bench.DisposeAsync();
            throw;
        }
    }

    /// <summary>Chromium's inbound-rtp statistics for the audio track.</summary>
    public Task<InboundAudio> InboundAsync() => EvaluateAsync<InboundAudio>("inboundAudio()");

    /// <summary>Chromium's inbound-rtp statistics as the page read them every 250 ms since the answer was applied.</summary>
    public async Task<InboundSample[]> InboundSeriesAsync()
    {
        // Each reading is flat in the page: its time beside the same fields inboundAudio() gives.
        var readings = await EvaluateAsync<JsonElement[]>("inboundSeries.samples()");
        return [.. readings.Select(reading => new InboundSample(
            reading.GetProperty("seconds").GetDouble(),
            reading.Deserialize<InboundAudio>(JsonSerializerOptions.Web)!))];
    }

    /// <summary>The low-latency path's counters in the page (see <c>low-latency-audio.js</c>).</summary>
    public Task<LowLatencyPathStats> LowLatencyAsync() => EvaluateAsync<LowLatencyPathStats>("lowLatencyStats()");

    /// <summary>Runs <paramref name="script"/> in the page and reads its result as the page's JSON names it.</summary>
    public async Task<T> EvaluateAsync<T>(string script, object? argument = null)
    {
        var json = await Page.EvaluateAsync<JsonElement>(script, argument);
        return json.Deserialize<T>(JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException($"The page answered null to {script}.");
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
