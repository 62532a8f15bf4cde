using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orchestron.Host.Sessions;
using Orchestron.Host.Tests.Support;

namespace Orchestron.Host.Tests.Sessions;

/// <summary>
/// A start that would overload the engine is refused with 503 and Retry-After, atomically, and every way a
/// session stops playing gives its slot back.
/// </summary>
public sealed class PlayingAdmissionTests
{
    [Fact]
    public async Task A_start_past_the_playing_limit_is_503_with_retry_after_and_the_playing_session_is_untouched()
    {
        await using var host = await RunningHost.StartAsync(null, "--max-playing-sessions", "1");
        var first = await CreateAsync(host);
        var second = await CreateAsync(host);

        using (var started = await host.Client.PostAsync($"/api/sessions/{first}/start", null))
        {
            Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        }

        using (var refused = await host.Client.PostAsync($"/api/sessions/{second}/start", null))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains("VISUALCSOUND_MAX_PLAYING_SESSIONS", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var manager = (SessionManager)host.Services.GetService(typeof(SessionManager))!;
        Assert.Equal(SessionState.Running, manager.Get(first!).State);
        Assert.Equal(SessionState.Created, manager.Get(second!).State);

        // A stop gives the slot back.
        using (var stopped = await host.Client.PostAsync($"/api/sessions/{first}/stop", null))
        {
            Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
        }

        using var admitted = await host.Client.PostAsync($"/api/sessions/{second}/start", null);
        Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
    }

    [Fact]
    public async Task Concurrent_starts_never_play_more_sessions_than_the_limit_and_a_delete_or_an_ended_score_frees_a_slot()
    {
        await using var host = InProcessSessions.Build("--max-playing-sessions", "3");
        var manager = host.Manager;
        var ids = Enumerable.Range(0, 12).Select(_ => manager.Create("nocturne", null).Id).ToArray();

        var outcomes = await Task.WhenAll(ids.Select(id => Task.Run(async () =>
        {
            try
            {
                await manager.StartAsync(id);
                return true;
            }
            catch (SessionException error) when (error.Problem == SessionProblem.Unavailable)
            {
                Assert.Equal(TimeSpan.FromSeconds(5), error.RetryAfter);
                return false;
            }
        })));

        Assert.Equal(3, outcomes.Count(started => started));
        Assert.Equal(3, manager.Sessions.Count(s => s.State == SessionState.Running));

        // Deleting a playing session frees its slot for a waiting one.
        var playing = manager.Sessions.Where(s => s.State == SessionState.Running).Select(s => s.Id).ToArray();
        var waiting = manager.Sessions.Where(s => s.State == SessionState.Created).Select(s => s.Id).ToArray();
        await manager.DeleteAsync(playing[0]);
        await manager.StartAsync(waiting[0]);
        await Assert.ThrowsAsync<SessionException>(() => manager.StartAsync(waiting[1]));

        // A score that ends by itself frees its slot too.
        await manager.DeleteAllAsync();
        const string brief = """
            <CsoundSynthesizer>
            <CsInstruments>
            sr = 48000
            ksmps = 32
            nchnls = 2
            0dbfs = 1
            instr 1
              asig oscili 0.1, 440
              outs asig, asig
            endin
            </CsInstruments>
            <CsScore>
            i1 0 0.2
            </CsScore>
            </CsoundSynthesizer>
            """;
        var ending = Enumerable.Range(0, 3).Select(_ => manager.Create(null, brief).Id).ToArray();
        foreach (var id in ending)
        {
            await manager.StartAsync(id);
        }

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (manager.Sessions.Any(s => s.State == SessionState.Running) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.All(manager.Sessions, s => Assert.Equal(SessionState.Stopped, s.State));
        var next = manager.Create("nocturne", null).Id;
        await manager.StartAsync(next);
        Assert.Equal(SessionState.Running, manager.Get(next).State);
    }

    /// <summary>Creates a session through the host's own client, whose token jar then holds its control token.</summary>
    private static async Task<string> CreateAsync(RunningHost host)
    {
        using var response = await host.Client.PostAsJsonAsync("/api/sessions", new { instrument = "nocturne" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return created.RootElement.GetProperty("id").GetString()!;
    }
}
