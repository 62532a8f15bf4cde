using System.Net;
using System.Net.Sockets;
using Orchestron.Csound;
using Orchestron.Streaming.Audio;
using Orchestron.Streaming.Sandbox;
using Orchestron.Testing;

namespace Orchestron.Streaming.Tests.Sandbox;

/// <summary>
/// Untrusted CSD in a real bubblewrap sandbox: every way out it tries is checked on the host's side (no file, no
/// connection, no library mapped), and the sine it may legitimately play still arrives.
/// </summary>
public sealed class SandboxAttackTests
{
    [Fact]
    public async Task A_csd_that_tries_files_shell_sockets_and_an_opcode_library_reaches_nothing_on_the_host_and_still_plays()
    {
        var shellMarker = Path.Combine(Path.GetTempPath(), $"orchestron-sandbox-shell-{Guid.NewGuid():N}");
        var foutPath = Path.Combine(Path.GetTempPath(), $"orchestron-sandbox-fout-{Guid.NewGuid():N}.wav");
        var library = Path.Combine(Path.GetTempPath(), $"orchestron-sandbox-lib-{Guid.NewGuid():N}.so");
        File.Copy("/usr/lib/x86_64-linux-gnu/libsndfile.so.1", library);
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        try
        {
            var udpPort = ((IPEndPoint)udp.Client.LocalEndPoint!).Port;
            var options = new CsoundSandboxOptions();
            await using var worker = await SandboxedCsoundWorker.LaunchAsync(options, new StreamingAudioOptions());
            await worker.CompileAsync(SandboxAttackCsd.Create(shellMarker, foutPath, udpPort, library), []);
            await using var stream = await SandboxedCsoundStream.StartAsync(worker, options);
            var capture = new CapturingConsumer();
            stream.Track.AddConsumer(capture);

            await SandboxedSessionTests.WaitForAudioAsync(capture, seconds: 3, worker);

            Assert.False(File.Exists(shellMarker), "system_i wrote on the host");
            Assert.False(File.Exists(foutPath), "fout wrote to the host's /tmp");
            Assert.Equal(0, udp.Available);
            var workerPid = worker.FindWorkerProcessId();
            Assert.NotNull(workerPid);
            Assert.DoesNotContain(library, await File.ReadAllTextAsync($"/proc/{workerPid}/maps"), StringComparison.Ordinal);
            Assert.DoesNotContain(worker.RecentLines, line => line.Contains("root:", StringComparison.Ordinal));
            var left = capture.Left;
            Assert.InRange(SignalAnalysis.MedianFrequency(left.AsSpan(left.Length - 48_000), 48_000), 999, 1001);
            Assert.False(worker.Exited.IsCompleted, "the worker died: " + string.Join("\n", worker.RecentLines));
        }
        finally
        {
            File.Delete(shellMarker);
            File.Delete(foutPath);
            File.Delete(library);
        }
    }

    [Fact]
    public async Task A_tcp_send_to_the_hosts_loopback_never_connects_and_the_worker_hung_in_it_is_killed()
    {
        var tcp = new TcpListener(IPAddress.Loopback, 0);
        tcp.Start();
        try
        {
            var options = new CsoundSandboxOptions { StallTimeout = TimeSpan.FromMilliseconds(500), RequestTimeout = TimeSpan.FromSeconds(3) };
            await using var worker = await SandboxedCsoundWorker.LaunchAsync(options, new StreamingAudioOptions());
            await worker.CompileAsync(SandboxAttackCsd.TcpSend(((IPEndPoint)tcp.LocalEndpoint).Port), []);
            await using var stream = await SandboxedCsoundStream.StartAsync(worker, options);

            var result = await stream.Completion.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(CsoundPerformanceOutcome.Failed, result.Outcome);
            // Stuck from its first control period, the worker never queues its lead, and the watchdog kills it.
            Assert.Contains("was killed: it queued no audio", result.Error?.Message, StringComparison.Ordinal);
            Assert.False(tcp.Pending(), "stsend connected to the host's loopback");
        }
        finally
        {
            tcp.Stop();
        }
    }

    [Fact]
    public async Task An_include_of_a_host_file_is_a_compile_error_that_shows_nothing_of_the_file()
    {
        var hostname = (await File.ReadAllTextAsync("/etc/hostname")).Trim();
        var csd = TestInstruments.Sine(1000).Replace("<CsInstruments>", "<CsInstruments>\n#include \"/etc/hostname\"\n", StringComparison.Ordinal);
        await using var worker = await SandboxedCsoundWorker.LaunchAsync(new CsoundSandboxOptions(), new StreamingAudioOptions());

        var error = await Assert.ThrowsAsync<CsoundCompileException>(() => worker.CompileAsync(csd, []));

        Assert.NotEmpty(error.CsoundMessages);
        Assert.DoesNotContain(error.CsoundMessages, line => line.Contains(hostname, StringComparison.Ordinal));
        Assert.DoesNotContain(worker.RecentLines, line => line.Contains(hostname, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_include_of_a_file_the_sandbox_can_read_is_a_compile_error_that_says_where_and_quotes_nothing_of_it()
    {
        // /usr/lib is bound into the sandbox (the worker's libraries live there), and so is this file.
        const string included = "/usr/lib/os-release";
        var secret = File.ReadLines(included).First().Split('=')[0];
        var csd = TestInstruments.Sine(1000).Replace("<CsInstruments>", $"<CsInstruments>\n#include \"{included}\"\n", StringComparison.Ordinal);
        await using var worker = await SandboxedCsoundWorker.LaunchAsync(new CsoundSandboxOptions(), new StreamingAudioOptions());

        var error = await Assert.ThrowsAsync<CsoundCompileException>(() => worker.CompileAsync(csd, []));

        Assert.Contains(error.CsoundMessages, line => line.Contains(included, StringComparison.Ordinal) && line.Contains("line ", StringComparison.Ordinal));
        Assert.DoesNotContain(error.CsoundMessages, line => line.Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(worker.RecentLines, line => line.Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fork_loop_stays_inside_the_process_limit_and_the_sine_plays_on()
    {
        var options = new CsoundSandboxOptions();
        await using var worker = await SandboxedCsoundWorker.LaunchAsync(options, new StreamingAudioOptions());
        await worker.CompileAsync(SandboxAttackCsd.ForkLoop(), []);
        await using var stream = await SandboxedCsoundStream.StartAsync(worker, options);
        var capture = new CapturingConsumer();
        stream.Track.AddConsumer(capture);

        var mostTasks = 0;
        var deadline = DateTime.UtcNow.AddSeconds(3);
        while (DateTime.UtcNow < deadline)
        {
            mostTasks = Math.Max(mostTasks, SandboxTasks(worker));
            await Task.Delay(20);
        }

        await SandboxedSessionTests.WaitForAudioAsync(capture, seconds: 2, worker);
        Assert.InRange(mostTasks, 1, options.Processes);
        Assert.False(worker.Exited.IsCompleted, "the worker died: " + string.Join("\n", worker.RecentLines));
        var left = capture.Left;
        Assert.InRange(SignalAnalysis.MedianFrequency(left.AsSpan(left.Length - 48_000), 48_000), 999, 1001);
    }

    /// <summary>Tasks (threads of every process) inside the sandbox: what RLIMIT_NPROC counts there.</summary>
    private static int SandboxTasks(SandboxedCsoundWorker worker)
    {
        var workerPid = worker.FindWorkerProcessId();
        if (workerPid is null)
        {
            return 0;
        }

        // The sandbox's init is the worker's parent; every task in the sandbox descends from it.
        var init = int.Parse(File.ReadAllText($"/proc/{workerPid}/stat").Split(')')[1].Trim().Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var tasks = 0;
        var pending = new Queue<int>([init]);
        while (pending.TryDequeue(out var pid))
        {
            try
            {
                var threads = Directory.GetDirectories($"/proc/{pid}/task");
                tasks += threads.Length;
                foreach (var thread in threads)
                {
                    foreach (var child in File.ReadAllText(Path.Combine(thread, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    {
                        pending.Enqueue(int.Parse(child, System.Globalization.CultureInfo.InvariantCulture));
                    }
                }
            }
            catch (IOException)
            {
                // The process exited meanwhile.
            }
        }

        return tasks;
    }
}
