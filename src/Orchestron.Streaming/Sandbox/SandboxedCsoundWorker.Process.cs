using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orchestron.Csound;

namespace Orchestron.Streaming.Sandbox;

/// <summary>The worker's process: starting it, reading why it ended, killing it, and what it costs while it runs.</summary>
public sealed partial class SandboxedCsoundWorker
{
    /// <summary>Kills the worker and its whole sandbox at once; <see cref="Exited"/> then completes with <paramref name="reason"/>.</summary>
    /// <param name="reason">Why, for the session's error.</param>
    public void Kill(string reason)
    {
        Interlocked.CompareExchange(ref _killReason, reason, null);
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>
    /// The worker's own process inside the sandbox (the <c>dotnet</c> running the worker), found among the host
    /// process's descendants; null when it has gone.
    /// </summary>
    public int? FindWorkerProcessId() => SandboxProcessTree.FindWorker(_process.Id);

    /// <summary>CPU time (user + system) the worker has used so far; zero when it cannot be read.</summary>
    public TimeSpan WorkerCpuTime()
    {
        var pid = FindWorkerProcessId();
        return pid is null ? TimeSpan.Zero : ProcessCpuTime.Read(pid.Value);
    }

    private bool HasStarted()
    {
        try
        {
            _ = _process.Id;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private async Task StartProcessAsync()
    {
        _process.Exited += (_, _) => OnProcessExited();
        await LauncherThread.StartAsync(_process).ConfigureAwait(false);
        var output = _process.StandardOutput.BaseStream;
        var input = _process.StandardInput.BaseStream;
        new Thread(() => ReadMessages(output)) { IsBackground = true, Name = "Csound worker control" }.Start();
        new Thread(() => WriteMessages(input)) { IsBackground = true, Name = "Csound worker commands" }.Start();
        _errorsRead = Task.Run(ReadErrorsAsync);
    }

    /// <summary>Why the worker is gone, with what it (or bubblewrap, before the worker ran) last wrote to stderr.</summary>
    private async Task<string> ExitedBeforeAnsweringAsync()
    {
        var reason = await _exited.Task.ConfigureAwait(false);
        // stderr reaches its end just after the exit; a moment is enough to read bubblewrap's last words.
        await Task.WhenAny(_errorsRead, Task.Delay(TimeSpan.FromSeconds(1))).ConfigureAwait(false);
        var lastLines = RecentLines;
        return lastLines.Count == 0
            ? $"The Csound worker exited: {reason}."
            : $"The Csound worker exited: {reason}; it last wrote: {string.Join(" | ", lastLines.TakeLast(3))}";
    }

    private void OnProcessExited()
    {
        var code = _process.ExitCode;
        var reason = Volatile.Read(ref _killReason) is { } killed
            ? "the Csound worker was killed: " + killed
            : code > 128 ? $"the Csound worker died of signal {code - 128} ({SignalName(code - 128)})"
            : $"the Csound worker exited with status {code}";
        _logger.LogInformation("Csound worker {Pid}: {Reason}", _process.Id, reason);
        _ended.TrySetResult(new CsoundPerformanceResult(CsoundPerformanceOutcome.Failed, 0, new CsoundException(reason), RecentLines));
        _exited.TrySetResult(reason);
        _outgoing.CompleteAdding();
    }

    private void Remember(string line)
    {
        lock (_recentLines)
        {
            if (_recentLines.Count == MaxKeptLines)
            {
                _recentLines.Dequeue();
            }

            _recentLines.Enqueue(line);
        }
    }

    private static string SignalName(int signal) => signal switch
    {
        6 => "SIGABRT",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        15 => "SIGTERM",
        24 => "SIGXCPU",
        25 => "SIGXFSZ",
        _ => "signal",
    };
}
