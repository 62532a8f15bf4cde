using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orchestron.Testing;
using Xunit.Abstractions;

namespace Orchestron.Host.Tests.Sessions;

/// <summary>SIGTERM ends the host cleanly: every session stopped, every listener told, exit code 0.</summary>
public sealed class ShutdownTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Sigterm_closes_every_listener_and_exits_with_code_0()
    {
        await using var host = await HostProcess.StartAsync([]);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var session = await Json(await host.Client.PostAsJsonAsync("/api/sessions", new { instrument = "nocturne" }));
            var id = session.GetProperty("id").GetString()!;
            Assert.Equal(HttpStatusCode.OK, (await host.Client.PostAsync($"/api/sessions/{id}/start", null)).StatusCode);
            ids.Add(id);
        }

        // Records for far longer than the test runs: only a track the host ends stops it before its 5 s silence timeout.
        await using var peer = AiortcListener.Start(seconds: 120);
        var offer = await peer.ReadMessageAsync(TimeSpan.FromSeconds(30));
        using var negotiated = await host.Client.PostAsJsonAsync($"/api/sessions/{ids[0]}/audio/webrtc", new { sdp = offer.GetProperty("sdp").GetString(), type = "offer" });
        Assert.Equal(HttpStatusCode.OK, negotiated.StatusCode);
        await peer.SendAnswerAsync((await Json(negotiated)).GetProperty("sdp").GetString()!);
        await WaitForConnected(peer);
        // Let audio flow, so the track has started before it is ended.
        await Task.Delay(500);

        var clock = Stopwatch.StartNew();
        var done = peer.ReadUntilDoneAsync(TimeSpan.FromSeconds(30));
        await host.TerminateAsync();
        var ended = await done;
        var trackEndedAfter = clock.Elapsed;

        output.WriteLine($"track ended {trackEndedAfter.TotalMilliseconds:0} ms after SIGTERM; {ended}");
        Assert.Equal(0, host.ExitCode);
        Assert.True(ended.GetProperty("ended").GetBoolean(), ended.ToString());
        Assert.True(ended.GetProperty("frames").GetInt32() > 0, ended.ToString());
        // Well below aiortc's 5 s silence timeout, which would also end the track: this is the host's BYE or close_notify.
        Assert.True(trackEndedAfter < TimeSpan.FromSeconds(1), $"the track ended {trackEndedAfter} after SIGTERM");
        Assert.Contains("deleted as the host stops", host.Output, StringComparison.Ordinal);
    }

    private static async Task WaitForConnected(AiortcListener peer)
    {
        while (true)
        {
            var message = await peer.ReadMessageAsync(TimeSpan.FromSeconds(30));
            if (message.TryGetProperty("state", out var state) && state.GetString() == "connected")
            {
                return;
            }

            Assert.False(message.TryGetProperty("event", out var name) && name.GetString() == "done", message.ToString());
        }
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
