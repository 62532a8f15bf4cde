using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using Orchestron.Testing;
using Xunit.Abstractions;

namespace Orchestron.Container.Tests;

/// <summary>
/// The root compose file as users run it (<c>docker-compose up --build</c>) on a real engine: the host becomes
/// healthy, serves the client, refuses a foreign Host; Chromium on this machine hears a library session through the
/// published UDP port and through coturn's relay; the operator's CSD runs sandboxed inside the container and its
/// attacks reach nothing; <c>down -v</c> leaves nothing behind.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class RootComposeTests(EngineFixture fixture, ITestOutputHelper output)
{
    // The compose file's own network (172.28.0.0/24): its gateway is this machine's address on that bridge, which
    // Chromium gathers candidates on, and the published ports answer there too.
    private const string Gateway = "172.28.0.1";
    private const string OperatorToken = "container-test-operator-token-0123456789abcdef";
    private const double ToneHz = 1000;

    [SkippableFact]
    public async Task The_root_compose_file_serves_plays_through_both_paths_and_sandboxes_csd()
    {
        Skip.If(fixture.UnavailableReason is not null, fixture.UnavailableReason);
        var (engine, root) = (fixture.Engine, fixture.Root);
        var compose = new ComposeProject(engine, root, $"orchestron-test-{Environment.ProcessId}", ["docker-compose.yaml"], new Dictionary<string, string>
        {
            ["VISUALCSOUND_OPERATOR_TOKEN"] = OperatorToken,
            ["VISUALCSOUND_ALLOW_NETWORK_CSD"] = "true",
            ["VISUALCSOUND_WEBRTC_PUBLIC_IP"] = Gateway,
            ["VISUALCSOUND_TURN_EXTERNAL_IP"] = Gateway,
            ["VISUALCSOUND_TURN_URLS"] = $"turn:{Gateway}:3478?transport=udp",
        });
        var passed = false;
        try
        {
            var clock = Stopwatch.StartNew();
            await compose.UpAsync(output.WriteLine);
            var built = clock.Elapsed;
            using var host = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:8000") };
            await WaitUntilHealthyAsync(host, compose);
            output.WriteLine($"up --build: {built.TotalSeconds:0} s; healthy after {clock.Elapsed.TotalSeconds:0} s");
            output.WriteLine($"image orchestron:local: {await fixture.ImageMegabytesAsync("orchestron:local"):0} MB");

            Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/client/")).StatusCode);
            using var foreign = new HttpRequestMessage(HttpMethod.Get, "/api/health");
            foreign.Headers.Host = "attacker.example";
            Assert.Equal(HttpStatusCode.BadRequest, (await host.SendAsync(foreign)).StatusCode);

            var (playwright, browser) = await PlaywrightChromium.LaunchAsync();
            try
            {
                await HearLibrarySessionAsync(host, browser);
                await HearSandboxedCsdAsync(host, browser, engine, compose);
            }
            finally
            {
                await browser.DisposeAsync();
                playwright.Dispose();
            }

            passed = true;
        }
        finally
        {
            if (!passed)
            {
                output.WriteLine(await compose.AllLogsQuietlyAsync());
                await compose.DownQuietlyAsync();
            }
        }

        await compose.DownAsync();
        Assert.Equal(string.Empty, await compose.LeftoversAsync());
    }

    private async Task HearLibrarySessionAsync(HttpClient host, IBrowser browser)
    {
        var (id, token) = await CreateAndStartAsync(host, new { instrument = "nocturne" });
        await SendAsync(host, HttpMethod.Post, $"/api/sessions/{id}/midi-event", token, new { message = new[] { 0x90, 69, 110 } });

        var direct = await BrowserListener.ListenAsync(browser, host, id, token, configuration: null);
        var (inbound, pair) = await BrowserListener.WaitForPacketsAsync(direct, 200, TimeSpan.FromSeconds(30));
        output.WriteLine($"direct: {inbound} over {pair}");
        Assert.Equal($"{Gateway}:40000", pair.GetProperty("remoteAddress").GetString());
        Assert.True(inbound.GetProperty("totalSamplesReceived").GetDouble() > 0, inbound.ToString());

        var config = await ReadAsync(host, HttpMethod.Get, "/api/runtime-config", token, body: null);
        var relayed = await BrowserListener.ListenAsync(
            browser, host, id, token, new { iceServers = config.GetProperty("iceServers"), iceTransportPolicy = "relay" });
        var (relayInbound, relayPair) = await BrowserListener.WaitForPacketsAsync(relayed, 200, TimeSpan.FromSeconds(30));
        output.WriteLine($"relay: {relayInbound} over {relayPair}");
        // Chromium names the relay's protocol only for a relayed local candidate.
        Assert.Equal("udp", relayPair.GetProperty("relayProtocol").GetString());
        Assert.True(relayInbound.GetProperty("audioLevel").GetDouble() > 0, relayInbound.ToString());
    }

    private async Task HearSandboxedCsdAsync(HttpClient host, IBrowser browser, DockerEngine engine, ComposeProject compose)
    {
        var logs = await compose.LogsAsync("orchestron");
        Assert.True(logs.Contains("Sandboxed sessions are available", StringComparison.Ordinal), logs);
        var (id, token) = await CreateAndStartAsync(host, new { csd = AttackingSine() });

        var page = await BrowserListener.ListenAsync(browser, host, id, token, configuration: null);
        await BrowserListener.WaitForPacketsAsync(page, 300, TimeSpan.FromSeconds(30));
        var heard = await page.EvaluateAsync<JsonElement>("window.dominantFrequency()");
        output.WriteLine($"sandboxed CSD: {heard}");
        Assert.InRange(heard.GetProperty("hz").GetDouble(), ToneHz - 5, ToneHz + 5);

        // The instrument's command and file writes ran in the worker's throwaway root, never in the container.
        var container = (await engine.RunAsync("docker", ["ps", "--quiet", "--filter", $"label=com.docker.compose.project={compose.Name}", "--filter", "label=com.docker.compose.service=orchestron"], TimeSpan.FromSeconds(30))).Output.Trim();
        var (found, listing) = await engine.RunAsync("docker", ["exec", container, "sh", "-c", "ls /tmp/orchestron-pwned* /app/orchestron-pwned* 2>/dev/null"], TimeSpan.FromSeconds(30), check: false);
        Assert.True(found != 0, "the sandboxed CSD left files in the container: " + listing);
    }

    /// <summary>A sine, and at its start a shell command and file writes that must reach nothing outside the sandbox.</summary>
    private static string AttackingSine() => TestInstruments.Sine(ToneHz).Replace(
        "instr 1",
        """
        instr 2
          ires system_i 1, "touch /tmp/orchestron-pwned-system /app/orchestron-pwned-system"
          fprints "/tmp/orchestron-pwned-fprints", "written"
          fprints "/app/orchestron-pwned-fprints", "written"
        endin
        instr 1
          event_i "i", 2, 0, 0.1
        """,
        StringComparison.Ordinal);

    private static Task<(string Id, string Token)> CreateAndStartAsync(HttpClient host, object request) =>
        HostRequests.CreateAndStartAsync(host, OperatorToken, request);

    private static Task<JsonElement> ReadAsync(HttpClient host, HttpMethod method, string path, string token, object? body) =>
        HostRequests.ReadAsync(host, method, path, token, body);

    private static Task<HttpResponseMessage> SendAsync(HttpClient host, HttpMethod method, string path, string token, object? body) =>
        HostRequests.SendAsync(host, method, path, token, body);

    private static async Task WaitUntilHealthyAsync(HttpClient host, ComposeProject compose)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await host.GetAsync("/api/health")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(500);
        }

        Assert.Fail("The container never answered /api/health:\n" + await compose.LogsAsync("orchestron"));
    }
}
