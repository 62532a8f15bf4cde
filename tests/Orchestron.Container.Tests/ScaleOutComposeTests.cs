using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using Orchestron.Testing;
using Xunit.Abstractions;

namespace Orchestron.Container.Tests;

/// <summary>
/// The scale-out file on top of the root file (<c>docker-compose -f docker-compose.yaml -f
/// docker/docker-compose.scale.yaml up --build</c>) on the same engine as the root file: HAProxy routes each
/// session's requests to the replica named in its id, each replica publishes its session to the Janus node, and
/// the shipped client in Chromium on this machine, loaded through HAProxy, hears each session through Janus at its
/// own pitch. Killing one replica turns its session into HAProxy's 503 while the other session plays on.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class ScaleOutComposeTests(EngineFixture fixture, ITestOutputHelper output)
{
    // The compose network's gateway: this machine's address on the bridge, where Chromium gathers candidates.
    private const string Gateway = "172.28.0.1";
    private const string JanusAddress = "172.28.0.30";
    private const string OperatorToken = "container-test-operator-token-0123456789abcdef";

    // A distinct tone per replica, far enough apart that hearing one for the other cannot pass.
    private static readonly Dictionary<string, double> ToneHz = new() { ["a"] = 660, ["b"] = 990 };

    // The strongest bin of the client's level-meter analyser, refined by parabolic interpolation (dB values).
    private const string DominantFrequency = """
        () => {
          const analyser = window.orchestron.analyser;
          const bins = new Float32Array(analyser.frequencyBinCount);
          analyser.getFloatFrequencyData(bins);
          let peak = 1;
          for (let i = 2; i < bins.length - 1; i++) if (bins[i] > bins[peak]) peak = i;
          const [a, b, c] = [bins[peak - 1], bins[peak], bins[peak + 1]];
          const offset = 0.5 * (a - c) / (a - 2 * b + c);
          return { hz: (peak + offset) * analyser.context.sampleRate / analyser.fftSize, db: b };
        }
        """;

    // What the page's peer connection receives, and from where: the selected pair's remote end is Janus's.
    private const string Reception = """
        async () => {
          const stats = await window.orchestron.pc.getStats();
          let inbound = null, pairId = null;
          for (const report of stats.values()) {
            if (report.type === 'inbound-rtp' && report.kind === 'audio') inbound = report;
            if (report.type === 'transport' && report.selectedCandidatePairId) pairId = report.selectedCandidatePairId;
          }
          const pair = pairId ? stats.get(pairId) : null;
          const remote = pair ? stats.get(pair.remoteCandidateId) : null;
          const local = pair ? stats.get(pair.localCandidateId) : null;
          return {
            packetsReceived: inbound?.packetsReceived ?? 0,
            packetsLost: inbound?.packetsLost ?? 0,
            localType: local?.candidateType ?? null,
            remoteAddress: remote ? `${remote.address}:${remote.port}` : null,
          };
        }
        """;

    // Where the client stands when it is not live: its audio state and reason, path, and the peer connection's states.
    private const string ClientState = """
        () => ({
          state: window.orchestron.audioState,
          path: window.orchestron.audioPath,
          status: document.querySelector('#audio-status')?.textContent?.trim(),
          connection: window.orchestron.pc?.connectionState ?? null,
          ice: window.orchestron.pc?.iceConnectionState ?? null,
          gathering: window.orchestron.pc?.iceGatheringState ?? null,
          answer: window.orchestron.pc?.localDescription?.sdp?.split('\r\n').filter(line => line.startsWith('a=candidate')) ?? [],
        })
        """;

    [SkippableFact]
    public async Task Two_replicas_behind_haproxy_each_serve_their_own_session_heard_through_janus()
    {
        Skip.If(fixture.UnavailableReason is not null, fixture.UnavailableReason);
        var (engine, root) = (fixture.Engine, fixture.Root);
        var compose = new ComposeProject(
            engine, root, $"orchestron-scale-test-{Environment.ProcessId}", ["docker-compose.yaml", "docker/docker-compose.scale.yaml"],
            new Dictionary<string, string>
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
            using var proxy = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:8000") };
            await WaitUntilBothReplicasAnswerAsync(proxy, compose);
            output.WriteLine($"scale-out up --build: {built.TotalSeconds:0} s; both replicas healthy through HAProxy after {clock.Elapsed.TotalSeconds:0} s");
            foreach (var image in (string[])["orchestron:local", "orchestron-janus:local", "haproxy:2.6"])
            {
                output.WriteLine($"image {image}: {await fixture.ImageMegabytesAsync(image):0} MB");
            }

            var sessions = await CreateOneSessionPerReplicaAsync(proxy);
            await AssertPinnedAsync(proxy, sessions);
            foreach (var session in sessions.Values)
            {
                var publication = await HostRequests.ReadAsync(proxy, HttpMethod.Post, $"/api/sessions/{session.Id}/janus", session.ControlToken, body: null);
                var mountpoint = Assert.Single(publication.GetProperty("mountpoints").EnumerateArray());
                Assert.Equal("http://janus:8088/janus/", mountpoint.GetProperty("server").GetString());
                Assert.True(mountpoint.GetProperty("srtp").GetBoolean());
            }

            var (playwright, browser) = await PlaywrightChromium.LaunchAsync();
            try
            {
                var pages = new Dictionary<string, IPage>();
                foreach (var (replica, session) in sessions)
                {
                    pages[replica] = await HearThroughJanusAsync(browser, proxy, replica, session);
                }

                await KillReplicaAAsync(compose, proxy, sessions, pages["b"]);
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

    /// <summary>
    /// Creates sessions through HAProxy until each replica holds one (creation goes to the least busy replica, so a
    /// second one may land where the first did: that one is deleted again). Each replica's session plays its tone.
    /// </summary>
    private async Task<Dictionary<string, TestSession>> CreateOneSessionPerReplicaAsync(HttpClient proxy)
    {
        var sessions = new Dictionary<string, TestSession>();
        for (var attempt = 0; attempt < 8 && sessions.Count < ToneHz.Count; attempt++)
        {
            var hz = ToneHz.First(tone => !sessions.ContainsKey(tone.Key)).Value;
            var created = await HostRequests.ReadAsync(proxy, HttpMethod.Post, "/api/sessions", OperatorToken, new { csd = TestInstruments.Sine(hz) });
            var id = created.GetProperty("id").GetString()!;
            var controlToken = created.GetProperty("controlToken").GetString()!;
            var replica = id.Split('-')[0];
            if (ToneHz.GetValueOrDefault(replica) != hz || sessions.ContainsKey(replica))
            {
                output.WriteLine($"created {id} on replica {replica} for the {hz} Hz tone; deleted, another try");
                await HostRequests.SendAsync(proxy, HttpMethod.Delete, $"/api/sessions/{id}", controlToken, body: null);
                continue;
            }

            await HostRequests.SendAsync(proxy, HttpMethod.Post, $"/api/sessions/{id}/start", controlToken, body: null);
            sessions[replica] = new TestSession(id, controlToken, created.GetProperty("listenToken").GetString()!, hz);
            output.WriteLine($"replica {replica}: session {id}, {hz} Hz, sandboxed CSD");
        }

        Assert.True(sessions.Count == ToneHz.Count, $"HAProxy created sessions only on replica(s) {string.Join(", ", sessions.Keys)} in 8 tries");
        return sessions;
    }

    /// <summary>
    /// Every request naming a session reaches the replica in its id (the other would answer 404), and an id naming
    /// a replica the proxy does not know is HAProxy's own 404.
    /// </summary>
    private static async Task AssertPinnedAsync(HttpClient proxy, Dictionary<string, TestSession> sessions)
    {
        foreach (var (replica, session) in sessions)
        {
            Assert.StartsWith(replica + "-", session.Id, StringComparison.Ordinal);
            for (var i = 0; i < 4; i++)
            {
                var described = await HostRequests.ReadAsync(proxy, HttpMethod.Get, $"/api/sessions/{session.Id}", session.ControlToken, body: null);
                Assert.Equal(session.Id, described.GetProperty("id").GetString());
            }
        }

        using var unknown = await HostRequests.SendUncheckedAsync(proxy, HttpMethod.Get, $"/api/sessions/z-{new string('0', 32)}", OperatorToken, body: null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("Unknown replica", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Opens the session's listen link in the shipped client, served through HAProxy, and hears it through Janus.</summary>
    private async Task<IPage> HearThroughJanusAsync(IBrowser browser, HttpClient proxy, string replica, TestSession session)
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(proxy.BaseAddress!, $"/client/#listen={session.Id}.{session.ListenToken}").ToString());
        try
        {
            await page.WaitForSelectorAsync("#audio-status[data-state='live']", new() { Timeout = 45_000 });
        }
        catch (TimeoutException)
        {
            Assert.Fail($"replica {replica}'s session never went live in the client: {await page.EvaluateAsync<JsonElement>(ClientState)}");
        }

        Assert.Equal("janus", await page.EvaluateAsync<string>("() => window.orchestron.audioPath"));
        await page.WaitForFunctionAsync("async () => (await window.orchestron.pc.getStats()).size > 0 && window.orchestron.analyser", null, new() { Timeout = 15_000 });

        // Let the jitter buffer fill, then read the tone several times and keep the median.
        await page.WaitForTimeoutAsync(1500);
        var readings = new List<double>();
        var loudest = double.NegativeInfinity;
        for (var i = 0; i < 9; i++)
        {
            var heard = await page.EvaluateAsync<JsonElement>(DominantFrequency);
            readings.Add(heard.GetProperty("hz").GetDouble());
            loudest = Math.Max(loudest, heard.GetProperty("db").GetDouble());
            await page.WaitForTimeoutAsync(100);
        }

        readings.Sort();
        var pitch = readings[readings.Count / 2];
        var reception = await page.EvaluateAsync<JsonElement>(Reception);
        var publication = await HostRequests.ReadAsync(proxy, HttpMethod.Get, $"/api/sessions/{session.Id}/janus", session.ControlToken, body: null);
        var forwarded = publication.GetProperty("mountpoints")[0].GetProperty("packetsForwarded").GetInt64();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"replica {replica}: heard {pitch:0.0} Hz ({loudest:0} dB) through Janus, want {session.ToneHz} Hz; {reception}; host forwarded {forwarded} packets to Janus"));

        Assert.InRange(pitch, session.ToneHz * 0.98, session.ToneHz * 1.02);
        Assert.StartsWith(JanusAddress + ":", reception.GetProperty("remoteAddress").GetString(), StringComparison.Ordinal);
        Assert.True(reception.GetProperty("packetsReceived").GetInt64() > 50, reception.ToString());
        Assert.True(forwarded > 0, publication.ToString());
        return page;
    }

    /// <summary>
    /// Replica a dies: HAProxy answers for its session with 503 naming the replica and sends it nowhere else, while
    /// replica b's session keeps reaching its listener through Janus.
    /// </summary>
    private async Task KillReplicaAAsync(ComposeProject compose, HttpClient proxy, Dictionary<string, TestSession> sessions, IPage listenerOfB)
    {
        await compose.KillAsync("orchestron-a");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        HttpStatusCode status;
        string body;
        while (true)
        {
            using var response = await HostRequests.SendUncheckedAsync(proxy, HttpMethod.Get, $"/api/sessions/{sessions["a"].Id}", sessions["a"].ControlToken, body: null);
            (status, body) = (response.StatusCode, await response.Content.ReadAsStringAsync());
            if (status == HttpStatusCode.ServiceUnavailable || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(250);
        }

        output.WriteLine($"replica a killed: its session answers {(int)status} {body}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("a", JsonDocument.Parse(body).RootElement.GetProperty("replica").GetString());

        var before = (await listenerOfB.EvaluateAsync<JsonElement>(Reception)).GetProperty("packetsReceived").GetInt64();
        await listenerOfB.WaitForTimeoutAsync(1000);
        var after = (await listenerOfB.EvaluateAsync<JsonElement>(Reception)).GetProperty("packetsReceived").GetInt64();
        output.WriteLine($"replica b's listener meanwhile: {after - before} packets in 1 s");
        Assert.True(after - before > 50, $"replica b's session stalled when replica a died: {after - before} packets in 1 s");
        var described = await HostRequests.ReadAsync(proxy, HttpMethod.Get, $"/api/sessions/{sessions["b"].Id}", sessions["b"].ControlToken, body: null);
        Assert.Equal(sessions["b"].Id, described.GetProperty("id").GetString());
    }

    /// <summary>Polls HAProxy's <c>/api/health</c> until both replicas have answered through it.</summary>
    private static async Task WaitUntilBothReplicasAnswerAsync(HttpClient proxy, ComposeProject compose)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await proxy.GetAsync("/api/health");
                if (response.StatusCode == HttpStatusCode.OK
                    && JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.TryGetProperty("replica", out var replica))
                {
                    seen.Add(replica.GetString()!);
                    if (seen.SetEquals(ToneHz.Keys))
                    {
                        return;
                    }
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(500);
        }

        Assert.Fail($"Only replica(s) [{string.Join(", ", seen)}] answered /api/health through HAProxy:\n" + await compose.LogsAsync("haproxy"));
    }

    private sealed record TestSession(string Id, string ControlToken, string ListenToken, double ToneHz);
}
