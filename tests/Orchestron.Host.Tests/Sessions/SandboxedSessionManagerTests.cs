using Orchestron.Host.Configuration;
using Orchestron.Host.Sessions;
using Orchestron.Streaming.Sandbox;
using Orchestron.Testing;

namespace Orchestron.Host.Tests.Sessions;

/// <summary>The session manager with real sandboxed workers: CSD text never runs in the host, and never unsandboxed.</summary>
public sealed class SandboxedSessionManagerTests
{
    private static readonly string Sine = TestInstruments.Sine(440, sampleRate: 48000);

    [Fact]
    public async Task Csd_text_is_refused_as_unavailable_where_bubblewrap_cannot_run_and_nothing_runs_in_its_place()
    {
        await using var host = InProcessSessions.Build(sandbox => sandbox.BwrapPath = "/nonexistent/bwrap");
        var manager = host.Manager;

        var error = await Assert.ThrowsAsync<SessionException>(() => manager.CreateAsync(null, Sine));

        Assert.Equal(SessionProblem.Unavailable, error.Problem);
        Assert.Contains("bubblewrap is not installed", error.Message, StringComparison.Ordinal);
        Assert.Empty(manager.Sessions);
    }

    [Theory]
    [InlineData("missing", "the Csound worker is missing")]
    [InlineData("another-architecture", "is built for")]
    [InlineData("not-native", "is not a native executable")]
    public async Task Csd_text_is_refused_with_the_cause_when_the_worker_cannot_run_here_and_nothing_runs_in_its_place(string fault, string cause)
    {
        var worker = Path.Combine(Path.GetTempPath(), $"orchestron-worker-{fault}-{Guid.NewGuid():N}");
        if (fault == "another-architecture")
        {
            // The real worker with its ELF machine field set to the other architecture the worker is built for.
            var image = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, CsoundSandboxOptions.WorkerFileName));
            BitConverter.TryWriteBytes(image.AsSpan(18, 2), (ushort)(System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? 62 : 183));
            await File.WriteAllBytesAsync(worker, image);
        }
        else if (fault == "not-native")
        {
            // What the worker was before it was native: an assembly for the dotnet host.
            await File.WriteAllBytesAsync(worker, [0x4D, 0x5A, 0x90, 0x00, .. new byte[60]]);
        }

        try
        {
            await using var host = InProcessSessions.Build(sandbox => sandbox.WorkerPath = worker);
            var manager = host.Manager;

            var error = await Assert.ThrowsAsync<SessionException>(() => manager.CreateAsync(null, Sine));

            Assert.Equal(SessionProblem.Unavailable, error.Problem);
            Assert.Contains(cause, error.Message, StringComparison.Ordinal);
            Assert.Contains(worker, error.Message, StringComparison.Ordinal);
            Assert.Empty(manager.Sessions);
        }
        finally
        {
            File.Delete(worker);
        }
    }

    [Fact]
    public async Task A_library_instrument_stays_in_process_while_csd_text_runs_sandboxed_and_both_play()
    {
        await using var host = InProcessSessions.Build();
        var manager = host.Manager;

        var (library, text) = await StartLibraryAndTextAsync(manager);
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
        var (library, text) = await StartLibraryAndTextAsync(manager);

        var worker = ((SandboxedCsoundStream)text.Stream!).Worker;
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

    [Fact]
    public async Task A_worker_killed_with_sigsegv_fails_its_session_while_a_listener_of_another_sandboxed_session_hears_no_glitch()
    {
        // A deep queue (half a second), so that the test measures the kill, not a test machine shared with builds.
        await using var host = InProcessSessions.Build("--webrtc-audio-queue-frames-max", "32", "--webrtc-audio-queue-frames-target", "25");
        var manager = host.Manager;
        var victim = await manager.CreateAsync(null, Sine);
        var heard = await manager.CreateAsync(null, Sine);
        await manager.StartAsync(victim.Id);
        await manager.StartAsync(heard.Id);
        using var listener = new Orchestron.Testing.LoopbackListener();
        listener.Start(new SessionListeners(manager).AcceptOffer(heard.Id, listener.Offer()).Sdp);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Interlocked.Read(ref listener.MediaPackets) < 50 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var underrunsBefore = heard.Stream!.AudioStatistics.Underruns;
        var packetsBefore = Interlocked.Read(ref listener.MediaPackets);
        var workerPid = ((SandboxedCsoundStream)victim.Stream!).Worker.FindWorkerProcessId();
        Assert.NotNull(workerPid);

        // The runtime spends the first SIGSEGV sent with kill (see the streaming tests); the second kills.
        for (var attempt = 0; attempt < 5 && victim.State == SessionState.Running; attempt++)
        {
            using (var kill = System.Diagnostics.Process.Start("kill", ["-SEGV", workerPid.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await Task.Delay(500);
        }

        await Task.Delay(1000);

        Assert.Equal(SessionState.Failed, victim.State);
        Assert.Contains("signal", victim.Error, StringComparison.Ordinal);
        Assert.Equal(SessionState.Running, heard.State);
        Assert.Equal(underrunsBefore, heard.Stream!.AudioStatistics.Underruns);
        Assert.Equal(0, Interlocked.Read(ref listener.SequenceGaps));
        Assert.True(Interlocked.Read(ref listener.MediaPackets) > packetsBefore + 50, "the listener stopped receiving");
    }

    /// <summary>Starts a library instrument (in-process) and the sine as CSD text (sandboxed).</summary>
    private static async Task<(HostSession Library, HostSession Text)> StartLibraryAndTextAsync(SessionManager manager)
    {
        var library = await manager.CreateAsync("nocturne", null);
        var text = await manager.CreateAsync(null, Sine);
        await manager.StartAsync(library.Id);
        await manager.StartAsync(text.Id);
        return (library, text);
    }
}
