using System.Diagnostics;
using Orchestron.Host.Configuration;
using Orchestron.Host.Sessions;

namespace Orchestron.Host.Tests.Sessions;

/// <summary>An in-process render stuck inside Csound cannot hold a stop, a delete or the host's shutdown.</summary>
public sealed class WedgedRenderTests
{
    // The instrument blocks the render thread in a shell command for 4 s at its init pass: a CSD that wedges.
    private const string Wedging = """
        <CsoundSynthesizer>
        <CsInstruments>
        nchnls = 2
        0dbfs = 1
        instr 1
          iresult system_i 1, "sleep 4"
          outs oscili(0.1, 440), oscili(0.1, 440)
        endin
        </CsInstruments>
        <CsScore>
        i 1 0.05 3600
        </CsScore>
        </CsoundSynthesizer>
        """;

    [Fact]
    public async Task A_render_that_does_not_return_fails_the_session_within_the_stop_timeout_and_is_reclaimed_when_it_does()
    {
        await using var host = InProcessSessions.Build("--session-stop-timeout-ms", "500");
        var manager = host.Manager;
        var baseline = RenderThreads.Count();
        var session = await manager.CreateAsync(null, Wedging, SessionIsolation.InProcess);
        await manager.StartAsync(session.Id);
        // Let the score reach the note, so that the render thread is inside system_i.
        await Task.Delay(400);

        var clock = Stopwatch.StartNew();
        await manager.StopAsync(session.Id);
        var stopTook = clock.Elapsed;

        Assert.Equal(SessionState.Failed, session.State);
        Assert.Contains("did not return", session.Error, StringComparison.Ordinal);
        // A guard against a stop that waited for the sleep (4 s), not a timing measurement.
        Assert.True(stopTook < TimeSpan.FromSeconds(3), $"the stop took {stopTook}");

        await manager.DeleteAsync(session.Id);
        Assert.Empty(manager.Sessions);
        // Once the sleep returns, the abandoned render ends and its threads go.
        Assert.Equal(baseline, await RenderThreads.SettleAsync(baseline, TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task Deleting_every_session_as_the_host_stops_is_not_held_by_a_wedged_render()
    {
        await using var host = InProcessSessions.Build("--session-stop-timeout-ms", "500");
        var manager = host.Manager;
        var wedged = await manager.CreateAsync(null, Wedging, SessionIsolation.InProcess);
        var healthy = manager.Create("nocturne", null);
        await manager.StartAsync(wedged.Id);
        await manager.StartAsync(healthy.Id);
        await Task.Delay(400);

        var clock = Stopwatch.StartNew();
        await manager.DeleteAllAsync("as the host stops");
        var took = clock.Elapsed;

        Assert.Empty(manager.Sessions);
        Assert.Equal(SessionState.Deleted, wedged.State);
        Assert.Equal(SessionState.Deleted, healthy.State);
        // A guard against a shutdown that waited for the sleep (4 s), not a timing measurement.
        Assert.True(took < TimeSpan.FromSeconds(3), $"deleting every session took {took}");
    }
}
