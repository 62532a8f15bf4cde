using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orchestron.Csound.DependencyInjection;
using Orchestron.Host.Configuration;
using Orchestron.Host.Instruments;
using Orchestron.Host.Sessions;
using Orchestron.Streaming.DependencyInjection;
using Orchestron.Streaming.Sandbox;

namespace Orchestron.Host.Tests.Sessions;

/// <summary>The session manager with real sandboxed workers: CSD text never runs in the host, and never unsandboxed.</summary>
public sealed class SandboxedSessionManagerTests
{
    private const string Sine = """
        <CsoundSynthesizer>
        <CsInstruments>
        nchnls = 2
        0dbfs = 1
        instr 1
          outs oscili(0.1, 440), oscili(0.1, 440)
        endin
        </CsInstruments>
        <CsScore>
        i 1 0 3600
        </CsScore>
        </CsoundSynthesizer>
        """;

    [Fact]
    public async Task Csd_text_is_refused_as_unavailable_where_bubblewrap_cannot_run_and_nothing_runs_in_its_place()
    {
        await using var host = InProcessSessions.Build();
        await using var manager = Manager(host, new CsoundSandboxOptions { BwrapPath = "/nonexistent/bwrap" });

        var error = await Assert.ThrowsAsync<SessionException>(() => manager.CreateAsync(null, Sine));

        Assert.Equal(SessionProblem.Unavailable, error.Problem);
        Assert.Contains("bubblewrap is not installed", error.Message, StringComparison.Ordinal);
        Assert.Empty(manager.Sessions);
    }

    [Fact]
    public async Task A_library_instrument_stays_in_process_while_csd_text_runs_sandboxed_and_both_play()
    {
        await using var host = InProcessSessions.Build();
        var manager = host.Manager;

        var library = await manager.CreateAsync("nocturne", null);
        var text = await manager.CreateAsync(null, Sine);
        await manager.StartAsync(library.Id);
        await manager.StartAsync(text.Id);
        manager.SendMidi(text.Id, new MidiEvent(0x90, 60, 100, TimeSpan.Zero));
        manager.Panic(text.Id);

        Assert.Equal(SessionIsolation.InProcess, library.Isolation);
        Assert.Equal(SessionIsolation.Sandbox, text.Isolation);
        Assert.Equal(SessionState.Running, library.State);
        Assert.Equal(SessionState.Running, text.State);
        await manager.StopAsync(text.Id);
        Assert.Equal(SessionState.Stopped, text.State);
    }

    [Fact]
    public async Task A_sandboxed_worker_that_dies_fails_its_session_with_the_reason_and_the_in_process_one_runs_on()
    {
        await using var host = InProcessSessions.Build();
        var manager = host.Manager;
        var library = await manager.CreateAsync("nocturne", null);
        var text = await manager.CreateAsync(null, Sine);
        await manager.StartAsync(library.Id);
        await manager.StartAsync(text.Id);

        var worker = ((SandboxedEngine)text.Engine!).Worker;
        worker.Kill("killed by the test");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (text.State == SessionState.Running && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(SessionState.Failed, text.State);
        Assert.Contains("killed by the test", text.Error, StringComparison.Ordinal);
        Assert.Equal(SessionState.Running, library.State);
    }

    private static SessionManager Manager(InProcessSessions host, CsoundSandboxOptions sandbox) => new(
        host.Get<OrchestronHostOptions>(),
        InstrumentLibrary.Shared,
        host.Get<ICsoundInstanceFactory>(),
        host.Get<IOptions<OrchestronStreamingOptions>>(),
        host.Get<MediaTransportProvider>(),
        NullLoggerFactory.Instance,
        TimeProvider.System,
        sandbox: new SandboxAvailability(sandbox));
}
