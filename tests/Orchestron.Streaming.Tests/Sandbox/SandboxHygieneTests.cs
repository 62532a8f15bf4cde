using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Orchestron.Csound;
using Orchestron.Streaming.Audio;
using Orchestron.Streaming.Sandbox;

namespace Orchestron.Streaming.Tests.Sandbox;

/// <summary>
/// The sandbox is sized and filtered: what a CSD stores in memory is bounded and paid for, the syscalls an escape
/// needs are refused, the kernel's symbols are hidden, the root is read-only, and no descriptor of the host's
/// reaches a worker.
/// </summary>
public sealed partial class SandboxHygieneTests
{
    private const int Eperm = 1;

    [Fact]
    public async Task A_csd_filling_its_tmpfs_is_stopped_at_its_memory_budget_with_the_reason()
    {
        var options = new CsoundSandboxOptions { TmpfsBytes = 96L << 20, MemoryBudgetBytes = 64L << 20 };
        await using var worker = await SandboxedCsoundWorker.LaunchAsync(options, new StreamingAudioOptions());
        await worker.CompileAsync(TmpfsFiller(files: 40), []);
        await using var stream = await SandboxedCsoundStream.StartAsync(worker, options);

        var result = await stream.Completion.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(CsoundPerformanceOutcome.Failed, result.Outcome);
        Assert.Contains("over its memory budget of 64.0 MiB", result.Error?.Message, StringComparison.Ordinal);
        Assert.Contains("in its files", result.Error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_csd_filling_its_tmpfs_stores_no_more_than_the_tmpfs_size_and_plays_on()
    {
        // A budget the files cannot reach: the tmpfs size alone holds them.
        var options = new CsoundSandboxOptions { TmpfsBytes = 24L << 20, MemoryBudgetBytes = 1L << 30 };
        await using var worker = await SandboxedCsoundWorker.LaunchAsync(options, new StreamingAudioOptions());
        await worker.CompileAsync(TmpfsFiller(files: 40), []);
        await using var stream = await SandboxedCsoundStream.StartAsync(worker, options);
        var capture = new CapturingConsumer();
        stream.Track.AddConsumer(capture);

        var workerPid = worker.FindWorkerProcessId() ?? throw new InvalidOperationException("The worker is not running.");
        long mostStored = 0;
        var deadline = DateTime.UtcNow.AddSeconds(4);
        while (DateTime.UtcNow < deadline)
        {
            mostStored = Math.Max(mostStored, SandboxMemory.Measure(workerPid)?.Stored ?? 0);
            await Task.Delay(50);
        }

        await SandboxedSessionTests.WaitForAudioAsync(capture, seconds: 1, worker);
        Assert.False(worker.Exited.IsCompleted, "the worker died: " + string.Join("\n", worker.RecentLines));
        Assert.InRange(mostStored, options.TmpfsBytes / 2, options.TmpfsBytes);
    }

    [Fact]
    public async Task Inside_the_sandbox_the_filtered_syscalls_are_refused_the_kernel_symbols_hidden_and_the_root_read_only()
    {
        var report = await RunInSandboxAsync(new CsoundSandboxOptions(), ProbeScript());

        var results = report.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        foreach (var name in new[] { "ptrace", "unshare", "setns", "keyctl", "add_key", "bpf", "userfaultfd", "perf_event_open", "mount", "pivot_root", "kexec_load", "init_module", "io_uring_setup" })
        {
            Assert.True(results[name] == Eperm.ToString(CultureInfo.InvariantCulture), $"{name} returned errno {results[name]}, not EPERM\n{report}");
        }

        Assert.Equal("38", results["clone3"]);
        Assert.Equal("0", results["getpid"]);
        Assert.Equal("2", results["seccomp_mode"]);
        Assert.True(results["kallsyms"] is "0" or "denied", "the kernel's symbols are readable: " + results["kallsyms"] + " bytes");
        Assert.Equal("30", results["write_root"]);
        Assert.Equal("30", results["write_dev"]);
        Assert.Equal("0", results["write_tmp"]);
    }

    [Fact]
    public async Task A_descriptor_the_host_holds_without_close_on_exec_does_not_reach_the_worker()
    {
        var marker = Path.Combine(Path.GetTempPath(), $"orchestron-inherited-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(marker, "host secret");
        using var handle = File.OpenHandle(marker);

        // dup(2) makes a descriptor without close-on-exec, like one the host inherited from whoever started it.
        var leaked = Dup((int)handle.DangerousGetHandle());
        Assert.True(leaked > 2, "dup failed");
        try
        {
            await using var worker = await SandboxedCsoundWorker.LaunchAsync(new CsoundSandboxOptions(), new StreamingAudioOptions());
            var workerPid = worker.FindWorkerProcessId() ?? throw new InvalidOperationException("The worker is not running.");

            var targets = Directory.GetFiles($"/proc/{workerPid}/fd").Select(link => new FileInfo(link).LinkTarget ?? "").ToList();

            Assert.DoesNotContain(targets, target => target.Contains(marker, StringComparison.Ordinal));
            Assert.All(targets, target => Assert.True(
                target.StartsWith("pipe:", StringComparison.Ordinal) || target.StartsWith("anon_inode:", StringComparison.Ordinal)
                    || target.StartsWith(BwrapCommand.SandboxRegionPath, StringComparison.Ordinal) || target is "/dev/null" or "/dev/urandom",
                $"the worker holds {target}; all: {string.Join(", ", targets)}"));
        }
        finally
        {
            _ = Close(leaked);
            File.Delete(marker);
        }
    }

    /// <summary>A sine, and notes that each save a 1 Mi-point table (8 MiB as binary) into a new file in /tmp, ten a second.</summary>
    private static string TmpfsFiller(int files) => TestInstrumentsWith(
        """
        giTable ftgen 0, 0, 1048576, 10, 1
        instr 2
          Sname sprintf "/tmp/fill-%d.bin", p4
          ftsave Sname, 1, giTable
        endin
        """,
        string.Join("\n", Enumerable.Range(0, files).Select(file => string.Create(CultureInfo.InvariantCulture, $"i 2 {0.5 + (file * 0.1):0.0} 0.05 {file}"))));

    private static string TestInstrumentsWith(string instruments, string score) => $"""
        <CsoundSynthesizer>
        <CsInstruments>
        sr = 48000
        ksmps = 32
        nchnls = 2
        0dbfs = 1
        instr 1
          asine oscili 0.5, 1000
          outs asine, asine
        endin
        {instruments}
        </CsInstruments>
        <CsScore>
        i 1 0 3600
        {score}
        </CsScore>
        </CsoundSynthesizer>
        """;

    /// <summary>Python run in the worker's place: each syscall's errno (0 for success), then what it can see and write.</summary>
    private static string ProbeScript()
    {
        var architecture = RuntimeInformation.ProcessArchitecture;
        string Number(string name)
        {
            var entry = SeccompFilter.Refused.Single(refused => refused.Name == name);
            return (architecture == Architecture.Arm64 ? entry.Arm64 : entry.X64).ToString(CultureInfo.InvariantCulture);
        }

        var getpid = architecture == Architecture.Arm64 ? "172" : "39";
        return $$"""
            import ctypes, errno, os
            libc = ctypes.CDLL(None, use_errno=True)
            def call(number, *args):
                ctypes.set_errno(0)
                result = libc.syscall(ctypes.c_long(number), *[ctypes.c_long(a) for a in args])
                return 0 if result != -1 else ctypes.get_errno()
            print('ptrace=%d' % call({{Number("ptrace")}}, 0, 0, 0, 0))
            print('unshare=%d' % call({{Number("unshare")}}, 0x40000000))
            print('setns=%d' % call({{Number("setns")}}, 0, 0))
            print('keyctl=%d' % call({{Number("keyctl")}}, 0, -3, 0))
            print('add_key=%d' % call({{Number("add_key")}}, 0, 0, 0, 0, 0))
            print('bpf=%d' % call({{Number("bpf")}}, 0, 0, 0))
            print('userfaultfd=%d' % call({{Number("userfaultfd")}}, 0))
            print('perf_event_open=%d' % call({{Number("perf_event_open")}}, 0, 0, -1, -1, 0))
            print('mount=%d' % call({{Number("mount")}}, 0, 0, 0, 0, 0))
            print('pivot_root=%d' % call({{Number("pivot_root")}}, 0, 0))
            print('kexec_load=%d' % call({{Number("kexec_load")}}, 0, 0, 0, 0))
            print('init_module=%d' % call({{Number("init_module")}}, 0, 0, 0))
            print('io_uring_setup=%d' % call({{Number("io_uring_setup")}}, 1, 0))
            print('clone3=%d' % call(435, 0, 0))
            print('getpid=%d' % call({{getpid}}))
            status = open('/proc/self/status').read()
            print('seccomp_mode=%s' % [l.split()[1] for l in status.splitlines() if l.startswith('Seccomp:')][0])
            try:
                print('kallsyms=%d' % len(open('/proc/kallsyms', 'rb').read()))
            except OSError:
                print('kallsyms=denied')
            def write(path):
                try:
                    open(path, 'w').write('x')
                    return 0
                except OSError as error:
                    return error.errno
            print('write_root=%d' % write('/planted'))
            print('write_dev=%d' % write('/dev/planted'))
            print('write_tmp=%d' % write('/tmp/planted'))
            """;
    }

    /// <summary>Runs python3 with <paramref name="script"/> in the sandbox a worker gets, and returns what it printed.</summary>
    private static async Task<string> RunInSandboxAsync(CsoundSandboxOptions options, string script)
    {
        var region = Path.Combine(options.SharedMemoryDirectory, $"orchestron-probe-{Guid.NewGuid():N}");
        var seccomp = region + ".seccomp";
        await File.WriteAllBytesAsync(region, new byte[4096]);
        await File.WriteAllBytesAsync(seccomp, SeccompFilter.Build());
        try
        {
            var command = BwrapCommand.Build(options, region, seccomp, ["/usr/bin/python3", "-c", script]);
            var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in command.Skip(1))
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(process.ExitCode == 0, $"the probe failed ({process.ExitCode}): {await errors}");
            return await output;
        }
        finally
        {
            File.Delete(region);
            File.Delete(seccomp);
        }
    }

    [LibraryImport("libc", EntryPoint = "dup")]
    private static partial int Dup(int descriptor);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);
}
