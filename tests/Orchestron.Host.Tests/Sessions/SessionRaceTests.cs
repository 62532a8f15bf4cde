using Orchestron.Host.Sessions;
using Orchestron.Testing;

namespace Orchestron.Host.Tests.Sessions;

/// <summary>Lifecycle calls that race each other: the cap holds, and a deleted session stays deleted with nothing left rendering.</summary>
public sealed class SessionRaceTests
{
    [Fact]
    public async Task Two_hundred_concurrent_creates_never_hold_more_sessions_than_the_cap()
    {
        await using var host = InProcessSessions.Build("--max-sessions", "16");
        var manager = host.Manager;
        var most = 0L;
        using var start = new ManualResetEventSlim();

        var creates = Enumerable.Range(0, 200).Select(_ => Task.Run(() =>
        {
            start.Wait();
            try
            {
                manager.Create("nocturne", null);
            }
            catch (SessionException error) when (error.Problem == SessionProblem.Conflict)
            {
                // Refused: the cap was reached.
            }

            InterlockedMaximum.Raise(ref most, manager.Sessions.Count);
        })).ToArray();
        start.Set();
        await Task.WhenAll(creates);

        Assert.Equal(16, manager.Sessions.Count);
        Assert.InRange(most, 1, 16);

        // Deleting gives every slot back: sixteen new sessions fit again, and the seventeenth does not.
        await manager.DeleteAllAsync();
        Assert.Empty(manager.Sessions);
        var again = Enumerable.Range(0, 16).Select(_ => manager.Create("nocturne", null).Id).ToHashSet();
        Assert.Equal(16, again.Count);
        Assert.Equal(16, manager.SessionCount);
        var full = Assert.Throws<SessionException>(() => manager.Create("nocturne", null));
        Assert.Equal(SessionProblem.Conflict, full.Problem);
    }

    [Fact]
    public async Task A_failed_compile_gives_its_slot_back()
    {
        await using var host = InProcessSessions.Build("--max-sessions", "1");
        var manager = host.Manager;
        const string broken = "<CsoundSynthesizer><CsInstruments>\ninstr 1\n a1 notanopcode 1\nendin\n</CsInstruments></CsoundSynthesizer>";

        for (var i = 0; i < 3; i++)
        {
            var error = Assert.Throws<SessionException>(() => manager.Create(null, broken));
            Assert.Equal(SessionProblem.InvalidCsound, error.Problem);
        }

        // The one slot is free again: a good create takes it, and the next is refused for the cap, not for a leak.
        Assert.Equal(0, manager.SessionCount);
        var created = manager.Create("nocturne", null);
        Assert.Equal(SessionState.Created, created.State);
        Assert.Equal(created.Id, Assert.Single(manager.Sessions).Id);
        var full = Assert.Throws<SessionException>(() => manager.Create("nocturne", null));
        Assert.Equal(SessionProblem.Conflict, full.Problem);
    }

    [Fact]
    public async Task Delete_racing_start_or_stop_five_hundred_times_leaves_no_session_and_no_render_thread()
    {
        await using var host = InProcessSessions.Build("--max-sessions", "4");
        var manager = host.Manager;
        var baseline = RenderThreads.Count();

        for (var i = 0; i < 500; i++)
        {
            var session = manager.Create("nocturne", null);
            if (i % 2 == 1)
            {
                await manager.StartAsync(session.Id);
            }

            // Odd rounds race a stop against the delete of a running session; even rounds a start against the delete of a created one.
            var play = Task.Run(() => i % 2 == 1 ? manager.StopAsync(session.Id) : manager.StartAsync(session.Id));
            var delete = Task.Run(() => manager.DeleteAsync(session.Id));
            await Ignoring404(delete);
            await Ignoring404(play);

            Assert.Equal(SessionState.Deleted, session.State);
            Assert.Empty(manager.Sessions);
        }

        Assert.Equal(baseline, await RenderThreads.SettleAsync(baseline, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Midi_channels_and_panic_racing_start_and_stop_are_answered_as_client_errors_never_crashes()
    {
        await using var host = InProcessSessions.Build();
        var manager = host.Manager;
        var session = manager.Create("nocturne", null);
        var unexpected = new List<Exception>();
        using var stop = new CancellationTokenSource();

        var player = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var call in (Action[])[
                    () => manager.SendMidi(session.Id, new MidiEvent(0x90, 60, 100, TimeSpan.Zero)),
                    () => manager.SetChannel(session.Id, "reverb", 0.5),
                    () => manager.Panic(session.Id)])
                {
                    try
                    {
                        call();
                    }
                    catch (SessionException error) when (error.Problem is SessionProblem.Conflict or SessionProblem.TooManyRequests)
                    {
                        // Not running at that instant, or panicking too often: the answers a client should get.
                    }
                    catch (Exception error)
                    {
                        lock (unexpected)
                        {
                            unexpected.Add(error);
                        }
                    }
                }
            }
        });

        for (var i = 0; i < 100; i++)
        {
            await manager.StartAsync(session.Id);
            await manager.StopAsync(session.Id);
        }

        await stop.CancelAsync();
        await player;
        Assert.Empty(unexpected);
    }

    private static async Task Ignoring404(Task task)
    {
        try
        {
            await task;
        }
        catch (SessionException error) when (error.Problem == SessionProblem.NotFound)
        {
            // The delete won the race, or the other call found the session already gone.
        }
    }
}
