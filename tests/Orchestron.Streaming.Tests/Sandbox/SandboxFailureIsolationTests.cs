using Orchestron.Csound;
using Orchestron.Streaming.Audio;
using Orchestron.Streaming.Sandbox;
using Orchestron.Testing;

namespace Orchestron.Streaming.Tests.Sandbox;

/// <summary>A worker that dies, hangs or lies on its pipe takes down its own session only.</summary>
public sealed class SandboxFailureIsolationTests
{
    [Fact]
    public async Task A_worker_killed_with_sigsegv_fails_its_own_session_while_the_other_session_plays_without_a_glitch()
    {
        var options = new CsoundSandboxOptions();
        await using var victim = await StartSineAsync(options, 440);
        await using var other = await StartSineAsync(options, 1000);
        var capture = new CapturingConsumer();
        other.Track.AddConsumer(capture);
        await SandboxedSessionTests.WaitForAudioAsync(capture, seconds: 1, other.Worker);
        var heardBefore = capture.Left.Length;
        var silentBefore = capture.SilentFrames;

        var victimPid = victim.Worker.FindWorkerProcessId();
        Assert.NotNull(victimPid);

        // The .NET runtime answers a SIGSEGV that is not a fault in managed code by restoring the default action
        // and returning, which for a real fault re-runs the faulting instruction and dies of it. A SIGSEGV sent with
        // kill has no instruction to re-run, so the first is spent and the second kills, as a fault in Csound would.
        for (var attempt = 0; attempt < 5 && !victim.Completion.IsCompleted; attempt++)
        {
            using (var kill = System.Diagnostics.Process.Start("kill", ["-SEGV", victimPid.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await Task.WhenAny(victim.Completion, Task.Delay(500));
        }

        var result = await victim.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        await SandboxedSessionTests.WaitForAudioAsync(capture, seconds: (heardBefore / 48_000.0) + 2, other.Worker);

        Assert.Equal(CsoundPerformanceOutcome.Failed, result.Outcome);
        Assert.Contains("signal", result.Error?.Message, StringComparison.Ordinal);
        Assert.Equal((0, 0), (silentBefore, capture.SilentFrames));
        Assert.Equal(0, capture.TimestampGaps);
        Assert.Equal(0, other.AudioStatistics.Underruns);
        Assert.False(other.Worker.Exited.IsCompleted);
        var left = capture.Left;
        Assert.InRange(SignalAnalysis.MedianFrequency(left.AsSpan(heardBefore), 48_000), 999, 1001);
    }

    [Fact]
    public async Task Messages_to_a_worker_that_reads_nothing_are_refused_and_its_stop_returns_within_the_timeout_and_kills_it()
    {
        var options = new CsoundSandboxOptions { StopTimeout = TimeSpan.FromMilliseconds(300) };
        await using var worker = await SandboxedCsoundWorker.LaunchAsync(options, new StreamingAudioOptions());
        await worker.CompileAsync(TestInstruments.Sine(1000), []);
        var workerPid = worker.FindWorkerProcessId();
        Assert.NotNull(workerPid);

        // A stopped process reads no pipe: it stands for a worker stuck in native code.
        using (var stop = System.Diagnostics.Process.Start("kill", ["-STOP", workerPid.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await stop.WaitForExitAsync();
        }

        // Messages to a worker that reads nothing fill the pipe, then the bounded queue; then they are refused,
        // and the caller is never held.
        var refused = 0;
        for (var i = 0; i < 20_000; i++)
        {
            refused += worker.TrySendMidi(0x90, 60, 100) ? 0 : 1;
        }

        var exitedByItself = await worker.StopAsync();
        var reason = await worker.Exited.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(refused > 0, "no message was refused");
        Assert.False(exitedByItself);
        Assert.Contains("did not exit within 300 ms", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_worker_that_hangs_mid_performance_is_killed_by_the_watchdog_with_the_reason()
    {
        // An init pass that never ends, one second into a playing sine: Csound's render stops returning.
        var hanging = TestInstruments.Sine(1000).Replace(
            "</CsInstruments>",
            "instr 2\n  icount = 0\n  while icount >= 0 do\n    icount += 1\n  od\nendin\n</CsInstruments>",
            StringComparison.Ordinal).Replace("</CsScore>", "i 2 1 1\n</CsScore>", StringComparison.Ordinal);
        var options = new CsoundSandboxOptions { StallTimeout = TimeSpan.FromMilliseconds(500) };
        await using var worker = await SandboxedCsoundWorker.LaunchAsync(options, new StreamingAudioOptions());
        await worker.CompileAsync(hanging, []);
        await using var stream = await SandboxedCsoundStream.StartAsync(worker, options);

        var result = await stream.Completion.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(CsoundPerformanceOutcome.Failed, result.Outcome);
        Assert.Contains("rendered nothing for 500 ms", result.Error?.Message, StringComparison.Ordinal);
    }

    private static async Task<SandboxedCsoundStream> StartSineAsync(CsoundSandboxOptions options, double frequency)
    {
        // A deep queue (half a second) so that the test measures what the kill does to the other session, not how
        // a test machine shared with parallel builds schedules two render processes.
        var worker = await SandboxedCsoundWorker.LaunchAsync(options, new StreamingAudioOptions { QueueFramesMax = 32, QueueFramesTarget = 25 });
        try
        {
            await worker.CompileAsync(TestInstruments.Sine(frequency), []);
            return await SandboxedCsoundStream.StartAsync(worker, options);
        }
        catch
        {
            await worker.DisposeAsync();
            throw;
        }
    }
}
