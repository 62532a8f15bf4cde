using System.Globalization;
using Orchestron.Streaming.Audio;
using Orchestron.Streaming.Sandbox;
using Orchestron.Testing;

namespace Orchestron.Streaming.Tests.Sandbox;

/// <summary>
/// A sandboxed worker's set-up runs below the host's render pool: the worker is launched at a lower priority and
/// only its render thread is raised once it plays, wherever the host may raise threads.
/// </summary>
public sealed class SandboxPriorityTests
{
    [Fact]
    public async Task A_worker_runs_at_the_launch_niceness_but_for_its_render_thread_which_runs_raised()
    {
        var options = new CsoundSandboxOptions();
        await using var worker = await SandboxedCsoundWorker.LaunchAsync(options, new StreamingAudioOptions());
        await worker.CompileAsync(TestInstruments.Sine(440), []);
        await using var stream = await SandboxedCsoundStream.StartAsync(worker, options);

        var pid = worker.FindWorkerProcessId() ?? throw new InvalidOperationException("The worker is not running: " + string.Join("\n", worker.RecentLines));
        var threads = Directory.EnumerateDirectories($"/proc/{pid}/task").Select(Describe).Where(t => t.Name is not null).ToList();
        var described = string.Join(", ", threads.Select(t => $"{t.Name}={t.Nice}"));

        var render = Assert.Single(threads, t => t.Name == "Csound worker r");
        if (LauncherThread.LaunchesLowered)
        {
            Assert.Equal(RealTimePriority.Niceness, render.Nice);
            Assert.All(threads.Where(t => t.Name != "Csound worker r"), t => Assert.True(t.Nice == WorkerPriority.LaunchNiceness, described));
        }
        else
        {
            // A host that may not raise threads leaves its workers at normal priority rather than below it.
            Assert.All(threads, t => Assert.True(t.Nice == 0, described));
        }
    }

    private static (string? Name, int Nice) Describe(string task)
    {
        try
        {
            var stat = File.ReadAllText(Path.Combine(task, "stat"));
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n'), int.Parse(fields[19 - 3], CultureInfo.InvariantCulture));
        }
        catch (IOException)
        {
            return (null, 0);
        }
    }
}
