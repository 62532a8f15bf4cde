using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;

namespace Orchestron.Host.Tests.ScaleOut;

/// <summary>
/// The figures docs/benchmarks.md quotes for scale-out: how creation spreads over the replicas, and what the extra hop
/// through HAProxy adds to a control call. The assertions are on correctness; the times are reported, not judged.
/// </summary>
public sealed class ProxyOverheadTests(ITestOutputHelper output)
{
    private const int Calls = 400;

    [Fact]
    public async Task Creation_spreads_over_both_replicas_and_control_calls_answer_through_the_proxy_as_directly()
    {
        // The timing loop sends hundreds of note-ons a second to one session: past the default note-on rate.
        await using var stack = await ScaleOutStack.StartAsync(new() { ["VISUALCSOUND_MAX_NOTE_ONS_PER_SECOND"] = "0" });
        using var client = stack.Proxy.NewClient();
        var ids = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            using var created = await client.PostAsJsonAsync("/api/sessions", new { instrument = "nocturne" });
            Assert.True(created.StatusCode == HttpStatusCode.Created, $"{(int)created.StatusCode}: {await created.Content.ReadAsStringAsync()}\n{stack.Proxy.Output}");
            ids.Add((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        }

        var onA = ids.Count(id => id[0] == 'a');
        output.WriteLine($"12 creates through the proxy: {onA} on a, {ids.Count - onA} on b");
        Assert.InRange(onA, 1, 11);

        var id = ids.First(i => i[0] == 'a');
        using (var start = await client.PostAsync($"/api/sessions/{id}/start", null))
        {
            Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        }

        using var direct = new HttpClient { BaseAddress = stack.A.Address };
        var token = await ControlTokenAsync(client, id);
        direct.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var proxied = new HttpClient { BaseAddress = stack.Proxy.Address };
        proxied.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        // Warm both paths (connections, JIT) before measuring.
        await MidiTimesAsync(direct, id, 50);
        await MidiTimesAsync(proxied, id, 50);
        var directTimes = await MidiTimesAsync(direct, id, Calls);
        var proxiedTimes = await MidiTimesAsync(proxied, id, Calls);

        output.WriteLine($"MIDI event, {Calls} sequential calls: direct p50 {Percentile(directTimes, 0.5):0.00} ms, p99 {Percentile(directTimes, 0.99):0.00} ms; "
            + $"through HAProxy p50 {Percentile(proxiedTimes, 0.5):0.00} ms, p99 {Percentile(proxiedTimes, 0.99):0.00} ms");
    }

    private static async Task<string> ControlTokenAsync(HttpClient jarClient, string id)
    {
        // The jar attached the control token to the start request; read it back from a request it decorates.
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{id}");
        using var response = await jarClient.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return request.Headers.Authorization!.Parameter!;
    }

    private static async Task<List<double>> MidiTimesAsync(HttpClient client, string id, int calls)
    {
        var times = new List<double>(calls);
        for (var i = 0; i < calls; i++)
        {
            // A note-on, then the same note with velocity 0 (a note-off), so nothing keeps sounding.
            var clock = Stopwatch.StartNew();
            using var response = await client.PostAsJsonAsync($"/api/sessions/{id}/midi-event", new { message = new[] { 0x90, 60, i % 2 == 0 ? 90 : 0 } });
            times.Add(clock.Elapsed.TotalMilliseconds);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        return times;
    }

    private static double Percentile(List<double> times, double fraction)
    {
        var sorted = times.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)(fraction * sorted.Count))];
    }
}
