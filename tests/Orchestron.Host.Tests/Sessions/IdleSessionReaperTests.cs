using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orchestron.Csound.DependencyInjection;
using Orchestron.Host.Configuration;
using Orchestron.Host.Instruments;
using Orchestron.Host.Sessions;
using Orchestron.Streaming.DependencyInjection;
using Orchestron.Testing;

namespace Orchestron.Host.Tests.Sessions;

/// <summary>Sessions nobody listens to or plays are deleted after the idle time; any listener or control call keeps them.</summary>
public sealed class IdleSessionReaperTests
{
    [Fact]
    public async Task A_session_without_listener_or_control_call_for_the_idle_time_is_deleted_and_use_keeps_one()
    {
        await using var host = InProcessSessions.Build("--session-idle-minutes", "10");
        var time = new ManualTime(DateTimeOffset.UtcNow);
        var options = host.Get<OrchestronHostOptions>();
        await using var manager = new SessionManager(
            options,
            InstrumentLibrary.Shared,
            host.Get<ICsoundInstanceFactory>(),
            host.Get<IOptions<OrchestronStreamingOptions>>(),
            host.Get<MediaTransportProvider>(),
            NullLoggerFactory.Instance,
            time);
        var reaper = new IdleSessionReaper(manager, options, time, NullLogger<IdleSessionReaper>.Instance);

        var forgotten = manager.Create("nocturne", null);
        var played = manager.Create("analog-poly", null);
        var heard = manager.Create("velvet-pad", null);
        await manager.StartAsync(played.Id);
        await manager.StartAsync(heard.Id);
        using var listener = new LoopbackListener();
        manager.RunningStream(heard.Id).AcceptOffer(listener.Offer());

        time.Advance(TimeSpan.FromMinutes(6));
        manager.SetChannel(played.Id, "reverb", 0.5);
        time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(1, await reaper.SweepAsync());
        Assert.Equal(SessionState.Deleted, forgotten.State);
        Assert.Equal(new[] { played.Id, heard.Id }.Order(), manager.Sessions.Select(s => s.Id).Order());

        time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, await reaper.SweepAsync());
        Assert.Equal(SessionState.Deleted, played.State);
        Assert.Equal([heard.Id], manager.Sessions.Select(s => s.Id));
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

    private sealed class ManualTime(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public void Advance(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
