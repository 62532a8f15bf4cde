using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Orchestron.Testing;
using Xunit.Abstractions;

namespace Orchestron.Host.Tests.ScaleOut;

/// <summary>
/// The shipped HAProxy configuration in front of two host processes: each session pinned to the replica that runs
/// its Csound, creation spread over both, and a dead replica's sessions answering 503 while the other's play on.
/// </summary>
public sealed partial class SessionsAcrossReplicasTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Sessions_created_through_the_proxy_land_on_both_replicas_and_every_call_reaches_its_own()
    {
        await using var stack = await ScaleOutStack.StartAsync();
        using var client = stack.Proxy.NewClient();

        var sessions = new List<JsonElement>();
        for (var i = 0; i < 4; i++)
        {
            sessions.Add(await CreateAsync(client));
        }

        var ids = sessions.Select(s => s.GetProperty("id").GetString()!).ToList();
        output.WriteLine("created: " + string.Join(", ", ids));
        Assert.All(ids, id => Assert.Matches(SessionId(), id));
        Assert.Contains(ids, id => id.StartsWith("a-", StringComparison.Ordinal));
        Assert.Contains(ids, id => id.StartsWith("b-", StringComparison.Ordinal));
        foreach (var replica in new[] { "a", "b" })
        {
            var health = await Json(await stack.Replica(replica).Client.GetAsync("/api/health"), HttpStatusCode.OK);
            Assert.Equal(replica, health.GetProperty("replica").GetString());
            Assert.Equal(ids.Count(id => id[0] == replica[0]), health.GetProperty("sessions").GetInt32());
        }

        foreach (var session in sessions)
        {
            var id = session.GetProperty("id").GetString()!;
            // Only the session's own replica knows it: a call that reached the other one would get 404.
            await Expect(client.PostAsync($"/api/sessions/{id}/start", null), HttpStatusCode.OK);
            await Expect(client.PostAsJsonAsync($"/api/sessions/{id}/midi-event", new { message = new[] { 0x90, 60, 90 } }), HttpStatusCode.Accepted);
            await Expect(client.PutAsJsonAsync($"/api/sessions/{id}/channels/reverb", new { value = 0.4 }), HttpStatusCode.NoContent);
            await Expect(client.PostAsync($"/api/sessions/{id}/panic", null), HttpStatusCode.NoContent);
            using var listener = new LoopbackListener();
            var answer = await Json(await client.PostAsJsonAsync($"/api/sessions/{id}/audio/webrtc", new { sdp = listener.Offer(), type = "offer" }), HttpStatusCode.OK);
            Assert.Contains("a=ice-lite", answer.GetProperty("sdp").GetString(), StringComparison.Ordinal);
            using (var whepListener = new LoopbackListener())
            {
                using var whep = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{id}/audio/whep") { Content = new StringContent(whepListener.Offer()) };
                whep.Content.Headers.ContentType = new MediaTypeHeaderValue("application/sdp");
                using var created = await client.SendAsync(whep);
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                await Expect(client.DeleteAsync(created.Headers.Location), HttpStatusCode.NoContent);
            }

            var stats = await Json(await client.GetAsync($"/api/sessions/{id}/audio/stats"), HttpStatusCode.OK);
            Assert.Equal(id, stats.GetProperty("sessionId").GetString());
            Assert.True(await IssuesTurnCredentialsAsync(stack.Proxy.Address, id, session.GetProperty("listenToken").GetString()!), $"runtime-config for {id} missed its replica");
            await Expect(client.PostAsync($"/api/sessions/{id}/stop", null), HttpStatusCode.OK);
            await Expect(client.DeleteAsync($"/api/sessions/{id}"), HttpStatusCode.NoContent);
        }

        foreach (var replica in new[] { "a", "b" })
        {
            var health = await Json(await stack.Replica(replica).Client.GetAsync("/api/health"), HttpStatusCode.OK);
            Assert.Equal(0, health.GetProperty("sessions").GetInt32());
        }
    }

    [Fact]
    public async Task Audio_flows_to_a_listener_negotiated_through_the_proxy_straight_from_the_replicas_media_port()
    {
        await using var stack = await ScaleOutStack.StartAsync();
        using var client = stack.Proxy.NewClient();
        var id = (await CreateAsync(client)).GetProperty("id").GetString()!;
        await Expect(client.PostAsync($"/api/sessions/{id}/start", null), HttpStatusCode.OK);

        using var listener = new LoopbackListener();
        var answer = await Json(await client.PostAsJsonAsync($"/api/sessions/{id}/audio/webrtc", new { sdp = listener.Offer(), type = "offer" }), HttpStatusCode.OK);
        var sdp = answer.GetProperty("sdp").GetString()!;
        listener.Start(sdp);
        var patience = Stopwatch.StartNew();
        while (Interlocked.Read(ref listener.MediaPackets) < 50 && patience.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(10);
        }

        output.WriteLine($"{id}: {listener.MediaPackets} media packets in {patience.ElapsedMilliseconds} ms; candidate {Candidate().Match(sdp).Value}");
        Assert.True(listener.MediaPackets >= 50, $"the listener heard {listener.MediaPackets} packets");
        // Signalling went through the proxy; the media comes from the replica's own UDP port, never HAProxy's.
        Assert.DoesNotContain($" {stack.Proxy.Address.Port} typ host", sdp, StringComparison.Ordinal);
        Assert.Matches(Candidate(), sdp);
    }

    [Fact]
    public async Task Killing_one_replica_turns_only_its_sessions_into_503_and_new_sessions_go_to_the_other()
    {
        await using var stack = await ScaleOutStack.StartAsync();
        using var client = stack.Proxy.NewClient();
        var ids = await CreateOnBothAsync(client);
        var onA = ids.First(id => id[0] == 'a');
        var onB = ids.First(id => id[0] == 'b');
        await Expect(client.PostAsync($"/api/sessions/{onA}/start", null), HttpStatusCode.OK);
        await Expect(client.PostAsync($"/api/sessions/{onB}/start", null), HttpStatusCode.OK);

        await stack.A.KillAsync();

        // At once (the connection is refused) and after the health check marks it down, the answer is the same.
        foreach (var (method, path) in new[] { (HttpMethod.Get, $"/api/sessions/{onA}"), (HttpMethod.Post, $"/api/sessions/{onA}/stop"), (HttpMethod.Post, $"/api/sessions/{onA}/audio/webrtc") })
        {
            using var response = await client.SendAsync(new HttpRequestMessage(method, path));
            var problem = await Json(response, HttpStatusCode.ServiceUnavailable);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("Replica unavailable", problem.GetProperty("title").GetString());
            Assert.Equal("a", problem.GetProperty("replica").GetString());
        }

        await Expect(client.PostAsJsonAsync($"/api/sessions/{onB}/midi-event", new { message = new[] { 0x90, 64, 80 } }), HttpStatusCode.Accepted);
        var described = await Json(await client.GetAsync($"/api/sessions/{onB}"), HttpStatusCode.OK);
        Assert.Equal("running", described.GetProperty("state").GetString());

        for (var i = 0; i < 3; i++)
        {
            using var response = await client.PostAsJsonAsync("/api/sessions", new { instrument = "nocturne" });
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}\n{stack.Proxy.Output}");
            Assert.StartsWith("b-", JsonDocument.Parse(text).RootElement.GetProperty("id").GetString(), StringComparison.Ordinal);
        }

        output.WriteLine(stack.Proxy.Output);
    }

    [Fact]
    public async Task A_restarted_replica_answers_its_lost_sessions_404_never_another_replicas_and_takes_new_ones()
    {
        await using var stack = await ScaleOutStack.StartAsync();
        using var client = stack.Proxy.NewClient();
        var ids = await CreateOnBothAsync(client);
        var onA = ids.First(id => id[0] == 'a');
        var onB = ids.First(id => id[0] == 'b');

        await stack.RestartAAsync();

        // 503 until HAProxy's checks see replica a again; then a itself answers, and it no longer has the session.
        var status = HttpStatusCode.ServiceUnavailable;
        var patience = Stopwatch.StartNew();
        while (status == HttpStatusCode.ServiceUnavailable && patience.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
            using var response = await client.GetAsync($"/api/sessions/{onA}");
            status = response.StatusCode;
        }

        output.WriteLine($"replica a answered again after {patience.ElapsedMilliseconds} ms");
        Assert.Equal(HttpStatusCode.NotFound, status);
        var described = await Json(await client.GetAsync($"/api/sessions/{onB}"), HttpStatusCode.OK);
        Assert.Equal(onB, described.GetProperty("id").GetString());
        var again = await CreateOnBothAsync(client);
        Assert.Contains(again, id => id[0] == 'a');
    }

    [Fact]
    public async Task A_session_id_naming_no_replica_behind_the_proxy_gets_404_from_the_proxy()
    {
        await using var stack = await ScaleOutStack.StartAsync();
        using var client = stack.Proxy.NewClient();

        using var response = await client.GetAsync("/api/sessions/z-0123456789abcdef0123456789abcdef");

        var problem = await Json(response, HttpStatusCode.NotFound);
        Assert.Equal("Unknown replica", problem.GetProperty("title").GetString());
        Assert.Equal("z", problem.GetProperty("replica").GetString());
    }

    /// <summary>Creates sessions through the proxy until each replica holds one; their ids.</summary>
    private static async Task<List<string>> CreateOnBothAsync(HttpClient client)
    {
        var ids = new List<string>();
        while (!(ids.Any(id => id[0] == 'a') && ids.Any(id => id[0] == 'b')))
        {
            Assert.True(ids.Count < 8, "creation never reached both replicas: " + string.Join(", ", ids));
            ids.Add((await CreateAsync(client)).GetProperty("id").GetString()!);
        }

        return ids;
    }

    private static async Task<JsonElement> CreateAsync(HttpClient client) =>
        await Json(await client.PostAsJsonAsync("/api/sessions", new { instrument = "nocturne" }), HttpStatusCode.Created);

    /// <summary>Whether the replica that answered runtime-config knew the listen token, shown by its TURN entry.</summary>
    private static async Task<bool> IssuesTurnCredentialsAsync(Uri proxy, string id, string listenToken)
    {
        using var client = new HttpClient { BaseAddress = proxy };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", listenToken);
        var config = await Json(await client.GetAsync($"/api/runtime-config?session={id}"), HttpStatusCode.OK);
        return config.GetProperty("iceServers").EnumerateArray().Any(server => server.TryGetProperty("credential", out _));
    }

    private static async Task Expect(Task<HttpResponseMessage> call, HttpStatusCode status)
    {
        using var response = await call;
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode status)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {text}");
            return JsonDocument.Parse(text).RootElement.Clone();
        }
    }

    [GeneratedRegex("^[ab]-[0-9a-f]{32}$")]
    private static partial Regex SessionId();

    [GeneratedRegex(@"a=candidate:\S+ 1 udp \d+ 127\.0\.0\.1 \d+ typ host")]
    private static partial Regex Candidate();
}
