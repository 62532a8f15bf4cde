using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Orchestron.Host.Tests.Support;

namespace Orchestron.Host.Tests.Api;

/// <summary>The sessions API over a real Kestrel on 127.0.0.1, with real Csound behind it.</summary>
public sealed class SessionApiTests
{
    private static readonly string ChromiumOffer = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "chromium-audio-recvonly.sdp"));

    [Fact]
    public async Task A_session_lives_through_create_start_play_stop_and_delete()
    {
        await using var host = await RunningHost.StartAsync();

        using var created = await host.PostCreateAsync(new { instrument = "analog-poly" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var session = await Json(created);
        var id = session.GetProperty("id").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", id);
        var controlToken = session.GetProperty("controlToken").GetString()!;
        Assert.Matches("^[0-9a-f]{64}$", controlToken);
        Assert.Matches("^[0-9a-f]{64}$", session.GetProperty("listenToken").GetString()!);
        Assert.NotEqual(controlToken, session.GetProperty("listenToken").GetString());
        host.Client.DefaultRequestHeaders.Authorization = new("Bearer", controlToken);
        Assert.Equal($"/api/sessions/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("created", session.GetProperty("state").GetString());
        Assert.Equal("analog-poly", session.GetProperty("instrument").GetString());

        var list = await Json(await host.Client.GetAsync("/api/sessions"));
        Assert.Contains(list.GetProperty("sessions").EnumerateArray(), s => s.GetProperty("id").GetString() == id);

        Assert.Equal("running", (await Json(await host.Client.PostAsync($"/api/sessions/{id}/start", null))).GetProperty("state").GetString());
        await AssertProblem(await host.Client.PostAsync($"/api/sessions/{id}/start", null), HttpStatusCode.Conflict, "already running");

        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.PostAsJsonAsync($"/api/sessions/{id}/midi-event", new { message = new[] { 0x90, 69, 100 }, delayMs = 0 })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.PostAsJsonAsync($"/api/sessions/{id}/midi-event", new { message = new[] { 0x80, 69, 0 }, delayMs = 250 })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await host.Client.PutAsJsonAsync($"/api/sessions/{id}/channels/cutoff", new { value = 1200.0 })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await host.Client.PostAsync($"/api/sessions/{id}/panic", null)).StatusCode);

        var statistics = await Json(await host.Client.GetAsync($"/api/sessions/{id}/audio/stats"));
        Assert.Equal("running", statistics.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Object, statistics.GetProperty("pipeline").ValueKind);

        Assert.Equal("stopped", (await Json(await host.Client.PostAsync($"/api/sessions/{id}/stop", null))).GetProperty("state").GetString());
        await AssertProblem(await host.Client.PostAsJsonAsync($"/api/sessions/{id}/midi-event", new { message = new[] { 0x90, 60, 100 } }), HttpStatusCode.Conflict, "not running");
        Assert.Equal("running", (await Json(await host.Client.PostAsync($"/api/sessions/{id}/start", null))).GetProperty("state").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await host.Client.DeleteAsync($"/api/sessions/{id}")).StatusCode);
        await AssertProblem(await host.Client.GetAsync($"/api/sessions/{id}"), HttpStatusCode.NotFound, "not found");
    }

    [Fact]
    public async Task Creating_with_nothing_plays_the_default_instrument()
    {
        await using var host = await RunningHost.StartAsync();
        var session = await host.CreateSessionAsync(new { });
        Assert.Equal("nocturne", session.GetProperty("instrument").GetString());
    }

    [Fact]
    public async Task Invalid_csound_code_is_422_with_csounds_own_messages_and_the_host_keeps_serving()
    {
        await using var host = await RunningHost.StartWithNetworkCsdAsync();
        const string broken = """
            <CsoundSynthesizer>
            <CsInstruments>
            instr 1
              a1 notanopcode 440
              out a1
            endin
            </CsInstruments>
            <CsScore>
            i 1 0 1
            </CsScore>
            </CsoundSynthesizer>
            """;

        using var response = await host.PostCreateAsync(new { csd = broken }, RunningHost.OperatorToken);

        var problem = await AssertProblem(response, (HttpStatusCode)422, "does not compile");
        var errors = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains(errors, e => e!.Contains("notanopcode", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Created, (await host.PostCreateAsync(new { instrument = "velvet-pad" }, RunningHost.OperatorToken)).StatusCode);
    }

    [Fact]
    public async Task Bad_session_requests_get_problem_details_not_500s()
    {
        await using var host = await RunningHost.StartWithNetworkCsdAsync();
        var id = (await host.CreateSessionAsync(new { instrument = "analog-poly" }, asOperator: true)).GetProperty("id").GetString();
        await host.Client.PostAsync($"/api/sessions/{id}/start", null);

        await AssertProblem(await host.PostCreateAsync(new { instrument = "kazoo" }, RunningHost.OperatorToken), HttpStatusCode.BadRequest, "kazoo");
        await AssertProblem(await host.PostCreateAsync(new { instrument = "nocturne", csd = "x" }, RunningHost.OperatorToken), HttpStatusCode.BadRequest, "not both");
        await AssertProblem(await host.PostCreateAsync(new { csd = new string('x', 300 * 1024) }, RunningHost.OperatorToken), HttpStatusCode.RequestEntityTooLarge, "KiB");
        using var operatorClient = host.NewClient(RunningHost.OperatorToken);
        Assert.Equal(HttpStatusCode.BadRequest, (await operatorClient.PostAsync("/api/sessions", new StringContent("{not json", Encoding.UTF8, "application/json"))).StatusCode);
        await AssertProblem(await host.Client.PostAsync("/api/sessions/0123456789abcdef0123456789abcdef/start", null), HttpStatusCode.NotFound, "no session");
        await AssertProblem(await host.Client.PostAsJsonAsync($"/api/sessions/{id}/midi-event", new { message = new[] { 0x10, 60, 100 } }), HttpStatusCode.BadRequest, "status byte");
        await AssertProblem(await host.Client.PostAsJsonAsync($"/api/sessions/{id}/midi-event", new { message = new[] { 0x90, 200, 100 } }), HttpStatusCode.BadRequest, "0 to 127");
        await AssertProblem(await host.Client.PostAsJsonAsync($"/api/sessions/{id}/midi-event", new { message = new[] { 0x90 } }), HttpStatusCode.BadRequest, "[status, data1, data2]");
        await AssertProblem(await host.Client.PostAsJsonAsync($"/api/sessions/{id}/midi-event", new { message = new[] { 0x90, 60, 100 }, delayMs = -5 }), HttpStatusCode.BadRequest, "delayMs");
        await AssertProblem(await host.Client.PutAsJsonAsync($"/api/sessions/{id}/channels/bad%20name", new { value = 1.0 }), HttpStatusCode.BadRequest, "channel name");
        await AssertProblem(await host.Client.PutAsJsonAsync($"/api/sessions/{id}/channels/cutoff", new { }), HttpStatusCode.BadRequest, "value");
    }

    [Fact]
    public async Task Negotiation_answers_offers_in_both_shapes_and_refuses_what_it_cannot_serve()
    {
        await using var host = await RunningHost.StartAsync();
        var id = (await host.CreateSessionAsync(new { instrument = "analog-poly" })).GetProperty("id").GetString();

        await AssertProblem(await PostOffer(host, id!, ChromiumOffer), HttpStatusCode.Conflict, "Start the session");
        await host.Client.PostAsync($"/api/sessions/{id}/start", null);

        var answer = await Json(await PostOffer(host, id!, ChromiumOffer));
        Assert.Equal("answer", answer.GetProperty("type").GetString());
        Assert.Contains("a=ice-lite", answer.GetProperty("sdp").GetString(), StringComparison.Ordinal);
        Assert.Contains("a=sendonly", answer.GetProperty("sdp").GetString(), StringComparison.Ordinal);

        await AssertProblem(await PostOffer(host, id!, "v=0\r\nthis is not sdp\r\n"), HttpStatusCode.BadRequest, "SDP");
        await AssertProblem(await PostOffer(host, id!, ChromiumOffer.Replace("opus/48000/2", "speex/16000", StringComparison.Ordinal)), HttpStatusCode.BadRequest, "Opus");
        await AssertProblem(await PostOffer(host, id!, ChromiumOffer + new string('a', 70 * 1024)), HttpStatusCode.RequestEntityTooLarge, "64 KiB");
        await AssertProblem(await host.Client.PostAsJsonAsync($"/api/sessions/{id}/audio/webrtc", new { sdp = ChromiumOffer, type = "answer" }), HttpStatusCode.BadRequest, "offer");

        using var whep = await host.Client.PostAsync($"/api/sessions/{id}/audio/whep", new StringContent(ChromiumOffer, Encoding.UTF8, "application/sdp"));
        Assert.Equal(HttpStatusCode.Created, whep.StatusCode);
        Assert.Equal("application/sdp", whep.Content.Headers.ContentType?.MediaType);
        Assert.Contains("a=fingerprint:sha-256", await whep.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var resource = whep.Headers.Location!.OriginalString;
        Assert.Matches($"^/api/sessions/{id}/audio/whep/[0-9a-f]{{32}}$", resource);

        var statistics = await Json(await host.Client.GetAsync($"/api/sessions/{id}/audio/stats"));
        Assert.Equal(2, statistics.GetProperty("listeners").GetArrayLength());

        Assert.Equal(HttpStatusCode.NoContent, (await host.Client.DeleteAsync(resource)).StatusCode);
        await AssertProblem(await host.Client.DeleteAsync(resource), HttpStatusCode.NotFound, "listener");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await host.Client.PostAsync($"/api/sessions/{id}/audio/whep", new StringContent(ChromiumOffer, Encoding.UTF8, "text/plain"))).StatusCode);
        await AssertProblem(await host.Client.PostAsync($"/api/sessions/{id}/audio/whep", new StringContent(new string('v', 65 * 1024), Encoding.UTF8, "application/sdp")), HttpStatusCode.RequestEntityTooLarge, "64 KiB");
    }

    [Fact]
    public async Task In_local_mode_negotiation_is_409_because_audio_plays_on_the_server()
    {
        await using var host = await RunningHost.StartAsync(null, "--audio-output-mode", "local", "--csound-rtaudio", "null");
        var id = (await host.CreateSessionAsync(new { instrument = "analog-poly" })).GetProperty("id").GetString();

        await AssertProblem(await PostOffer(host, id!, ChromiumOffer), HttpStatusCode.Conflict, "local mode");
        Assert.Equal("local", (await Json(await host.Client.GetAsync($"/api/sessions/{id}"))).GetProperty("audioOutputMode").GetString());
    }

    private static Task<HttpResponseMessage> PostOffer(RunningHost host, string id, string sdp) =>
        host.Client.PostAsJsonAsync($"/api/sessions/{id}/audio/webrtc", new { sdp, type = "offer" });

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<JsonElement> AssertProblem(HttpResponseMessage response, HttpStatusCode status, string mentions)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(mentions, body, StringComparison.OrdinalIgnoreCase);
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
