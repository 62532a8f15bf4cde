using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orchestron.Host.Sessions;
using Orchestron.Host.Tests.Support;
using Orchestron.Testing;

namespace Orchestron.Host.Tests.Publishing;

/// <summary>
/// A session published to a real Janus (Debian's package, generated configuration, loopback) and heard through
/// its streaming plugin by in-process WebRTC listeners that answer Janus's offers, and by headless Chromium.
/// </summary>
public sealed class JanusPublishingTests
{
    private const int Listeners = 50;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_published_sine_reaches_fifty_janus_listeners_and_a_browser_at_its_pitch_with_continuous_timestamps_until_it_is_unpublished()
    {
        await using var janus = await JanusServer.StartAsync();
        await using var host = await StartHostAsync(janus);
        var (id, listenToken) = await StartSineSessionWithListenTokenAsync(host);

        var publication = await Json(await host.Client.PostAsync($"/api/sessions/{id}/janus", null));
        var mountpoint = Assert.Single(publication.GetProperty("mountpoints").EnumerateArray());
        Assert.True(mountpoint.GetProperty("srtp").GetBoolean());
        Assert.Equal(janus.ApiUrl.AbsoluteUri + "/", mountpoint.GetProperty("server").GetString());

        var listeners = new List<LoopbackListener>();
        try
        {
            for (var i = 0; i < Listeners; i++)
            {
                var listener = new LoopbackListener(decode: i == 0, bindAddress: IPAddress.Any);
                listeners.Add(listener);
                await WatchAsync(host, id, listener);
            }

            // One browser among them: headless Chromium opens the session's listen link and plays it through Janus.
            var (playwright, browser) = await PlaywrightChromium.LaunchAsync();
            using var _ = playwright;
            await using var __ = browser;
            var page = await browser.NewPageAsync();
            await page.GotoAsync(new Uri(host.Address, $"/client/#listen={id}.{listenToken}").ToString());
            await page.WaitForSelectorAsync("#audio-status[data-state='live']", new() { Timeout = 30_000 });

            await Eventually(() => listeners.All(l => Interlocked.Read(ref l.MediaPackets) >= 100), () =>
                $"{listeners.Count(l => l.IsConnected)} connected, {listeners.Sum(l => Interlocked.Read(ref l.DatagramsReceived))} datagrams received, fewest packets {listeners.Min(l => Interlocked.Read(ref l.MediaPackets))}\n{Tail(janus)}");

            // A second of sound once everyone listens: the session's first moments, while fifty listeners and a browser
            // connect at once, are not what this test measures (a starved pacer sends silence rather than nothing).
            listeners[0].CaptureAudio(48_000);
            await Eventually(() => listeners[0].CapturedLeft().Length == 48_000, () => $"{listeners[0].CapturedLeft().Length} samples captured");
            var sound = listeners[0].CapturedLeft();
            // The pitch is read from the second half.
            var pitch = SignalAnalysis.MedianFrequency(sound.AsSpan(24_000), 48_000);
            Assert.InRange(pitch, 1000 * 0.995, 1000 * 1.005);
            Assert.All(listeners, listener =>
            {
                Assert.Equal(0, Interlocked.Read(ref listener.AuthenticationFailures));
                Assert.Equal(0, Interlocked.Read(ref listener.SequenceGaps));
                Assert.Equal(0, Interlocked.Read(ref listener.TimestampDiscontinuities));
            });

            Assert.Equal("janus", await page.EvaluateAsync<string>("() => window.orchestron.audioPath"));
            var pitches = new List<double>();
            for (var i = 0; i < 15; i++)
            {
                pitches.Add(await page.EvaluateAsync<double>(ClientLiveBrowserTests.MeasurePitch));
                await Task.Delay(60);
            }

            pitches.Sort();
            Assert.InRange(pitches[pitches.Count / 2], 1000 * 0.98, 1000 * 1.02);
            await page.WaitForFunctionAsync("() => window.orchestron.stats?.packetsReceived > 0", null, new() { Timeout = 15_000 });

            // One forward feeds all of them: the host's own listener count stays 0.
            var session = host.Services.GetRequiredService<SessionManager>().Get(id);
            Assert.Equal(0, session.Stream!.Sender!.ListenerCount);
            Assert.Equal(1, session.Stream!.Sender!.ForwardCount);

            Assert.Equal(HttpStatusCode.NoContent, (await host.Client.DeleteAsync($"/api/sessions/{id}/janus")).StatusCode);
            Assert.Equal(0, session.Stream!.Sender!.ForwardCount);
            Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync($"/api/sessions/{id}/janus")).StatusCode);
            await Task.Delay(500);
            var stopped = listeners.Select(l => Interlocked.Read(ref l.MediaPackets)).ToArray();
            await Task.Delay(1000);
            Assert.Equal(stopped, listeners.Select(l => Interlocked.Read(ref l.MediaPackets)).ToArray());
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_viewer_whose_connection_janus_hangs_up_is_forgotten_by_the_host()
    {
        await using var janus = await JanusServer.StartAsync();
        await using var host = await StartHostAsync(janus);
        var id = await StartSineSessionAsync(host);
        await Json(await host.Client.PostAsync($"/api/sessions/{id}/janus", null));
        using var listener = new LoopbackListener(bindAddress: IPAddress.Any);
        var viewer = await WatchAsync(host, id, listener);
        await Eventually(() => Interlocked.Read(ref listener.MediaPackets) > 10, () => $"no media\n{Tail(janus)}");
        var viewers = host.Services.GetRequiredService<Orchestron.Host.Publishing.JanusViewers>();
        Assert.Equal(1, viewers.ViewerCount);

        // A browser that closes its connection without leaving: Janus sees the DTLS close and hangs up.
        listener.CloseDtls();

        await Eventually(() => viewers.ViewerCount == 0, () => "the host still knows the viewer");
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.DeleteAsync($"/api/sessions/{id}/audio/janus/{viewer}")).StatusCode);
    }

    [Fact]
    public async Task Stopping_a_published_session_removes_its_mountpoint_from_janus()
    {
        await using var janus = await JanusServer.StartAsync();
        await using var host = await StartHostAsync(janus);
        var id = await StartSineSessionAsync(host);
        var publication = await Json(await host.Client.PostAsync($"/api/sessions/{id}/janus", null));
        var mountpointId = publication.GetProperty("mountpoints")[0].GetProperty("mountpointId").GetInt64();
        Assert.True(await MountpointExistsAsync(janus, mountpointId));

        await host.Client.PostAsync($"/api/sessions/{id}/stop", null);

        await Eventually(() => !MountpointExistsAsync(janus, mountpointId).GetAwaiter().GetResult(), () => "the mountpoint is still there");
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync($"/api/sessions/{id}/janus")).StatusCode);
    }

    [Fact]
    public async Task Publishing_to_a_janus_that_is_down_is_a_503_and_the_host_keeps_serving()
    {
        var port = FreeTcpPort();
        await using var host = await RunningHost.StartWithNetworkCsdAsync("--janus-urls", $"http://127.0.0.1:{port}/janus");
        var id = await StartSineSessionAsync(host);

        var response = await host.Client.PostAsync($"/api/sessions/{id}/janus", null);

        await AssertProblem(response, HttpStatusCode.ServiceUnavailable, "Janus unavailable");
        await AssertProblem(await host.Client.PostAsync($"/api/sessions/{id}/audio/janus", null), HttpStatusCode.Conflict, "Not published");
        Assert.Equal("running", (await Json(await host.Client.GetAsync($"/api/sessions/{id}"))).GetProperty("state").GetString());
        Assert.Equal(0, host.Services.GetRequiredService<SessionManager>().Get(id).Stream!.Sender!.ForwardCount);
    }

    [Fact]
    public async Task Publishing_with_the_wrong_api_secret_is_a_502_that_names_janus_refusal()
    {
        await using var janus = await JanusServer.StartAsync();
        await using var host = await RunningHost.StartWithNetworkCsdAsync("--janus-urls", janus.ApiUrl.AbsoluteUri, "--janus-api-secret", "not-the-secret");
        var id = await StartSineSessionAsync(host);

        var response = await host.Client.PostAsync($"/api/sessions/{id}/janus", null);

        var problem = await AssertProblem(response, HttpStatusCode.BadGateway, "Janus refused the request");
        Assert.Contains("403", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, host.Services.GetRequiredService<SessionManager>().Get(id).Stream!.Sender!.ForwardCount);
    }

    [Fact]
    public async Task Without_janus_configured_publishing_and_watching_are_503s_and_unknown_sessions_404s()
    {
        await using var host = await RunningHost.StartWithNetworkCsdAsync();
        var id = await StartSineSessionAsync(host);

        await AssertProblem(await host.Client.PostAsync($"/api/sessions/{id}/janus", null), HttpStatusCode.ServiceUnavailable, "Janus not configured");
        await AssertProblem(await host.Client.PostAsync($"/api/sessions/{id}/audio/janus", null), HttpStatusCode.ServiceUnavailable, "Janus not configured");
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.NewClient().PostAsJsonAsync($"/api/sessions/{id}/janus", new { })).StatusCode);
        var unknown = await host.Client.DeleteAsync($"/api/sessions/{new string('0', 32)}/janus");
        Assert.True(unknown.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, unknown.StatusCode.ToString());
    }

    /// <summary>A host publishing to <paramref name="janus"/>, without the per-address negotiation limit: every listener here comes from 127.0.0.1.</summary>
    internal static Task<RunningHost> StartHostAsync(JanusServer janus) => RunningHost.StartWithNetworkCsdAsync(
        "--janus-urls", janus.ApiUrl.AbsoluteUri, "--janus-api-secret", janus.ApiSecret, "--rate-limit-negotiations-per-minute", "0");

    internal static async Task<string> StartSineSessionAsync(RunningHost host) => (await StartSineSessionWithListenTokenAsync(host)).Id;

    /// <summary>Creates and starts a 1 kHz sine session as the operator; returns its id and listen token.</summary>
    internal static async Task<(string Id, string ListenToken)> StartSineSessionWithListenTokenAsync(RunningHost host)
    {
        var session = await host.CreateSessionAsync(new { csd = TestInstruments.Sine(1000, 48_000) }, asOperator: true);
        var id = session.GetProperty("id").GetString()!;
        using var started = await host.Client.PostAsync($"/api/sessions/{id}/start", null);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        return (id, session.GetProperty("listenToken").GetString()!);
    }

    /// <summary>Janus's watch flow through the host: Janus offers, the listener answers. Returns the viewer id.</summary>
    internal static async Task<string> WatchAsync(RunningHost host, string id, LoopbackListener listener)
    {
        var offer = await Json(await host.Client.PostAsync($"/api/sessions/{id}/audio/janus", null));
        Assert.Equal("offer", offer.GetProperty("type").GetString());
        var answer = listener.Answer(offer.GetProperty("sdp").GetString()!);
        using var answered = await host.Client.PostAsJsonAsync(
            $"/api/sessions/{id}/audio/janus/{offer.GetProperty("viewerId").GetString()}", new { sdp = answer, type = "answer" });
        Assert.Equal(HttpStatusCode.NoContent, answered.StatusCode);
        return offer.GetProperty("viewerId").GetString()!;
    }

    private static async Task<bool> MountpointExistsAsync(JanusServer janus, long mountpointId)
    {
        using var http = new HttpClient();
        var created = await (await http.PostAsJsonAsync(janus.ApiUrl, new { janus = "create", transaction = "t", apisecret = janus.ApiSecret })).Content.ReadFromJsonAsync<JsonElement>();
        var session = created.GetProperty("data").GetProperty("id").GetInt64();
        var attached = await (await http.PostAsJsonAsync($"{janus.ApiUrl}/{session}", new { janus = "attach", plugin = "janus.plugin.streaming", transaction = "t", apisecret = janus.ApiSecret }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var handle = attached.GetProperty("data").GetProperty("id").GetInt64();
        var info = await (await http.PostAsJsonAsync($"{janus.ApiUrl}/{session}/{handle}", new { janus = "message", transaction = "t", apisecret = janus.ApiSecret, body = new { request = "info", id = mountpointId } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        await http.PostAsJsonAsync($"{janus.ApiUrl}/{session}", new { janus = "destroy", transaction = "t", apisecret = janus.ApiSecret });
        return !info.GetProperty("plugindata").GetProperty("data").TryGetProperty("error_code", out _);
    }

    private static async Task Eventually(Func<bool> condition, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, describe());
            await Task.Delay(100);
        }
    }

    private static string Tail(JanusServer janus)
    {
        var log = janus.ReadLog();
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "orchestron-janus-test.log"), log);
        return log.Length > 4000 ? log[^4000..] : log;
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<JsonElement> AssertProblem(HttpResponseMessage response, HttpStatusCode status, string title)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal(title, problem.GetProperty("title").GetString());
        return problem;
    }

    private static int FreeTcpPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
