using Microsoft.Extensions.Logging.Abstractions;
using Orchestron.Host.Configuration;
using Orchestron.Host.Instruments;
using Orchestron.Host.Sessions;
using Orchestron.Streaming;
using Orchestron.Streaming.Engine;
using Orchestron.Testing;

namespace Orchestron.Host.Tests.Sessions;

/// <summary>
/// Sessions never started are deleted after the unstarted time, and sessions nobody listens to after the idle time;
/// a connected listener keeps a session, control calls do not.
/// </summary>
public sealed class IdleSessionReaperTests
{
    [Fact]
    public async Task An_unstarted_session_and_one_only_controlled_are_deleted_and_a_heard_one_is_kept()
    {
        await using var host = InProcessSessions.Build("--session-idle-minutes", "10");
        var time = new ManualTime(DateTimeOffset.UtcNow);
        var options = host.Get<OrchestronHostOptions>();
        await using var manager = ManagerOnManualTime(host, time);
        var reaper = new IdleSessionReaper(manager, options, time, NullLogger<IdleSessionReaper>.Instance);

        var forgotten = manager.Create("nocturne", null);
        var played = manager.Create("analog-poly", null);
        var heard = manager.Create("velvet-pad", null);
        await manager.StartAsync(played.Id);
        await manager.StartAsync(heard.Id);
        using var listener = new LoopbackListener();
        listener.Start(manager.RunningStream(heard.Id).AcceptOffer(listener.Offer()).Sdp);
        await WaitUntilConnected(listener);

        time.Advance(TimeSpan.FromMinutes(2));
        var firstSweep = await reaper.SweepAsync();
        Assert.True(
            firstSweep == 1,
            $"{firstSweep} deleted; left: {string.Join(", ", manager.Sessions.Select(s => $"{s.InstrumentId} {s.State} heard {s.LastHeard:O} grace {s.StartGraceUntil:O}"))}; now {time.GetUtcNow():O}");
        Assert.Equal(SessionState.Deleted, forgotten.State);

        time.Advance(TimeSpan.FromMinutes(6));
        manager.SetChannel(played.Id, "reverb", 0.5);
        manager.SendMidi(played.Id, new MidiEvent(0x90, 60, 100, TimeSpan.Zero));
        time.Advance(TimeSpan.FromMinutes(3));

        Assert.Equal(1, await reaper.SweepAsync());
        Assert.Equal(SessionState.Deleted, played.State);
        Assert.Equal([heard.Id], manager.Sessions.Select(s => s.Id));
    }

    [Fact]
    public async Task A_start_gives_a_long_idle_session_the_unstarted_time_to_get_its_first_listener()
    {
        await using var host = InProcessSessions.Build("--session-idle-minutes", "10", "--session-unstarted-seconds", "30");
        var time = new ManualTime(DateTimeOffset.UtcNow);
        var options = host.Get<OrchestronHostOptions>();
        await using var manager = ManagerOnManualTime(host, time);
        var reaper = new IdleSessionReaper(manager, options, time, NullLogger<IdleSessionReaper>.Instance);
        var session = manager.Create("nocturne", null);
        await manager.StartAsync(session.Id);
        await manager.StopAsync(session.Id);

        // Restarted at 9:50 with nobody having listened: the idle time runs out at 10:00, the start's grace at 10:20.
        time.Advance(TimeSpan.FromMinutes(9) + TimeSpan.FromSeconds(50));
        await manager.StartAsync(session.Id);
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(0, await reaper.SweepAsync());

        time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(1, await reaper.SweepAsync());
        Assert.Equal(SessionState.Deleted, session.State);
    }

    [Fact]
    public async Task An_idle_time_of_zero_deletes_nothing()
    {
        await using var host = InProcessSessions.Build("--session-idle-minutes", "0");
        var time = new ManualTime(DateTimeOffset.UtcNow.AddDays(1));
        var reaper = new IdleSessionReaper(host.Manager, host.Get<OrchestronHostOptions>(), time, NullLogger<IdleSessionReaper>.Instance);
        host.Manager.Create("nocturne", null);

        Assert.Equal(0, await reaper.SweepAsync());
        Assert.Single(host.Manager.Sessions);
    }

    /// <summary>A session manager over the host's services whose clock the test turns by hand.</summary>
    private static SessionManager ManagerOnManualTime(InProcessSessions host, TimeProvider time) => new(
        host.Get<OrchestronHostOptions>(),
        InstrumentLibrary.Shared,
        host.Get<ICsoundStreamFactory>(),
        host.Get<StreamingEngine>(),
        NullLoggerFactory.Instance,
        time);

    private static async Task WaitUntilConnected(LoopbackListener listener)
    {
        // A guard against a handshake that never completes, not a timing assertion.
        for (var waited = 0; !listener.IsConnected && waited < 200; waited++)
        {
            await Task.Delay(50);
        }

        Assert.True(listener.IsConnected, "the loopback listener did not complete ICE and DTLS");
    }

    private sealed class ManualTime(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public void Advance(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
