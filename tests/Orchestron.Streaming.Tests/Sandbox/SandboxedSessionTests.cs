using Orchestron.Streaming.Audio;
using Orchestron.Streaming.Sandbox;
using Orchestron.Testing;

namespace Orchestron.Streaming.Tests.Sandbox;

/// <summary>A real worker in a real bubblewrap sandbox renders into the shared ring that the host's pacer reads.</summary>
public sealed class SandboxedSessionTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_sandboxed_sine_arrives_through_the_shared_ring_at_its_pitch(bool mountProc)
    {
        // Without /proc is how it runs in a container whose masked /proc paths refuse bubblewrap a fresh one.
        await PlaysASineAtItsPitchAsync(new CsoundSandboxOptions { MountProc = mountProc });
    }

    /// <summary>The portable worker and the build of each wider instruction set level this CPU runs, as the build put them here.</summary>
    public static TheoryData<string> WorkerBuildsThisCpuRuns() =>
        [.. WorkerVariant.Files(CsoundSandboxOptions.WorkerFileName, WorkerVariant.SupportedLevels).Where(name => File.Exists(Path.Combine(AppContext.BaseDirectory, name)))];

    [Theory]
    [MemberData(nameof(WorkerBuildsThisCpuRuns))]
    public async Task Every_worker_build_this_cpu_runs_plays_the_sine_at_its_pitch(string fileName)
    {
        await PlaysASineAtItsPitchAsync(new CsoundSandboxOptions { WorkerPath = Path.Combine(AppContext.BaseDirectory, fileName) });
    }

    /// <summary>Two seconds of a 1 kHz sine from a worker launched with <paramref name="options"/>, at its pitch, whole.</summary>
    private static async Task PlaysASineAtItsPitchAsync(CsoundSandboxOptions options)
    {
        await using var worker = await SandboxedCsoundWorker.LaunchAsync(options, new StreamingAudioOptions());
        await worker.CompileAsync(TestInstruments.Sine(1000), []);
        await using var stream = await SandboxedCsoundStream.StartAsync(worker, options);
        var capture = new CapturingConsumer();
        stream.Track.AddConsumer(capture);

        await WaitForAudioAsync(capture, seconds: 2, worker);

        var left = capture.Left;
        Assert.InRange(SignalAnalysis.MedianFrequency(left.AsSpan(left.Length - 48_000), 48_000), 999, 1001);
        Assert.Equal(0, capture.TimestampGaps);
        Assert.Equal(0, stream.AudioStatistics.Drops);
    }

    internal static async Task WaitForAudioAsync(CapturingConsumer capture, double seconds, SandboxedCsoundWorker worker)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds + 20);
        while (capture.Left.Length < seconds * 48_000 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.True(
            capture.Left.Length >= seconds * 48_000,
            $"Only {capture.Left.Length} samples arrived; the worker {(worker.Exited.IsCompleted ? "exited: " + worker.Exited.Result : "runs")}.\n"
            + string.Join("\n", worker.RecentLines));
    }
}
