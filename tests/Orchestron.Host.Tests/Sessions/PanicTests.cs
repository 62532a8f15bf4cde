using Orchestron.Host.Sessions;

namespace Orchestron.Host.Tests.Sessions;

/// <summary>A panic, run on the render thread, turns every sounding instrument off.</summary>
public sealed class PanicTests
{
    // Instrument 1 holds a note; instrument 1001, beyond the panic's reach, reports how many instances of 1 are active.
    private const string HeldNote = """
        <CsoundSynthesizer>
        <CsInstruments>
        nchnls = 2
        0dbfs = 1
        instr 1
          outs oscili(0.1, 440), oscili(0.1, 440)
        endin
        instr 1001
          chnset active:k(1), "active"
        endin
        </CsInstruments>
        <CsScore>
        i 1 0 3600
        i 1001 0 3600
        </CsScore>
        </CsoundSynthesizer>
        """;

    [Fact]
    public async Task A_panic_turns_the_held_note_off()
    {
        await using var host = InProcessSessions.Build();
        var manager = host.Manager;
        // The test's own CSD, trusted, in-process: the instance's channel is read directly.
        var session = await manager.CreateAsync(null, HeldNote, Orchestron.Host.Configuration.SessionIsolation.InProcess);
        await manager.StartAsync(session.Id);
        Assert.Equal(1, await ActiveAfter(session, instances => instances == 1));

        manager.Panic(session.Id);

        Assert.Equal(0, await ActiveAfter(session, instances => instances == 0));
    }

    private static async Task<double> ActiveAfter(HostSession session, Func<double, bool> expected)
    {
        // Polls until the render thread has run the control periods that change the count (or 5 s pass).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        var active = session.Instance!.GetControlChannel("active");
        while (!expected(active) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
            active = session.Instance!.GetControlChannel("active");
        }

        return active;
    }
}
