using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orchestron.Testing;
using Xunit.Abstractions;

namespace Orchestron.Host.Tests.Sessions;

/// <summary>
/// Many create, start, stop and delete cycles against a host child process whose managed heap is capped: a
/// session that leaves anything reachable behind exhausts the cap and fails its starts with 500s.
/// </summary>
public sealed class SoakTests(ITestOutputHelper output)
{
    /// <summary>Enough cycles that the metrics leak this guards against (about 65 KB a session) would need twice the child's heap limit.</summary>
    private const int Cycles = 1000;

    /// <summary>The budget that keeps CI fast; the cycles that fit in it are run, and reported.</summary>
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A cap the host runs in comfortably with nothing leaking, and that a leak of tens of KiB per cycle (a
    /// finished stream's buffers kept by a metrics callback, as before) exhausts in a few hundred cycles.
    /// </summary>
    private const string HeapHardLimit = "0x2000000"; // 32 MiB

    [Fact]
    public async Task Create_start_stop_delete_cycles_with_listeners_on_a_tenth_leave_heap_and_threads_where_they_were()
    {
        // Ten thousand cycles from one address in minutes: far past the default rate limits, which this test is not about.
        await using var host = await HostProcess.StartAsync(new()
        {
            ["DOTNET_GCHeapHardLimit"] = HeapHardLimit,
            ["VISUALCSOUND_RATE_LIMIT_CREATES_PER_MINUTE"] = "0",
            ["VISUALCSOUND_RATE_LIMIT_STARTS_PER_MINUTE"] = "0",
            ["VISUALCSOUND_RATE_LIMIT_NEGOTIATIONS_PER_MINUTE"] = "0",
            ["VISUALCSOUND_RATE_LIMIT_CONTROL_PER_MINUTE"] = "0",
        });
        for (var i = 0; i < 20; i++)
        {
            await CycleAsync(host, withListener: i % 10 == 0);
        }

        var threadsBefore = host.ThreadCount;
        var residentBefore = host.ResidentKiB;
        var clock = Stopwatch.StartNew();
        var cycles = 0;
        while (cycles < Cycles && clock.Elapsed < Budget)
        {
            await CycleAsync(host, withListener: cycles % 10 == 0);
            cycles++;
        }

        var threadsAfter = await SettledThreadCount(host, threadsBefore);
        output.WriteLine(
            $"{cycles} cycles in {clock.Elapsed.TotalSeconds:0.0} s ({clock.Elapsed.TotalMilliseconds / cycles:0.0} ms each); "
            + $"threads {threadsBefore} -> {threadsAfter}; RSS {residentBefore / 1024} -> {host.ResidentKiB / 1024} MiB");
        Assert.True(cycles >= 300, $"only {cycles} cycles fit in the budget; too few for a leak to show under the heap cap");
        Assert.InRange(threadsAfter, threadsBefore - 2, threadsBefore + 2);
        Assert.Equal(0, (await Json(await host.Client.GetAsync("/api/sessions"))).GetProperty("sessions").GetArrayLength());
    }

    private static async Task CycleAsync(HostProcess host, bool withListener)
    {
        var id = (await Json(await Expect(host.Client.PostAsJsonAsync("/api/sessions", new { instrument = "nocturne" }), HttpStatusCode.Created)))
            .GetProperty("id").GetString();
        await Expect(host.Client.PostAsync($"/api/sessions/{id}/start", null), HttpStatusCode.OK);
        if (withListener)
        {
            using var listener = new LoopbackListener();
            var answer = await Json(await Expect(
                host.Client.PostAsJsonAsync($"/api/sessions/{id}/audio/webrtc", new { sdp = listener.Offer(), type = "offer" }), HttpStatusCode.OK));
            listener.Start(answer.GetProperty("sdp").GetString()!);
            var patience = Stopwatch.StartNew();
            while (Interlocked.Read(ref listener.MediaPackets) == 0 && patience.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(10);
            }

            Assert.True(listener.MediaPackets > 0, "the listener heard nothing");
        }

        await Expect(host.Client.PostAsync($"/api/sessions/{id}/stop", null), HttpStatusCode.OK);
        await Expect(host.Client.DeleteAsync($"/api/sessions/{id}"), HttpStatusCode.NoContent);
    }

    private static async Task<int> SettledThreadCount(HostProcess host, int expected)
    {
        // Threads that finished their work can take a moment to leave the kernel's list.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        var count = host.ThreadCount;
        while (count > expected + 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            count = host.ThreadCount;
        }

        return count;
    }

    private static async Task<HttpResponseMessage> Expect(Task<HttpResponseMessage> request, HttpStatusCode status)
    {
        var response = await request;
        if (response.StatusCode != status)
        {
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return response;
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        using (response)
        {
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        }
    }
}
