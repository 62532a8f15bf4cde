using System.Diagnostics;
using System.Text;

namespace Orchestron.Testing;

/// <summary>
/// A Debian daemon a test runs (Janus, coturn): started with a temporary folder of its own for configuration and
/// pid files, both output streams kept as a log for failure messages, and on dispose killed with its children and
/// its folder removed.
/// </summary>
public sealed class DaemonProcess : IAsyncDisposable, IDisposable
{
    private readonly StringBuilder _log = new();

    private DaemonProcess(Process process, string folder)
    {
        Process = process;
        Folder = folder;
    }

    /// <summary>The daemon's process, for its state and CPU measurements.</summary>
    public Process Process { get; }

    /// <summary>The folder made for this daemon; removed on dispose.</summary>
    public string Folder { get; }

    /// <summary>Starts <paramref name="executable"/> with the arguments <paramref name="prepare"/> returns for a new folder.</summary>
    /// <param name="executable">The daemon's path, from a Debian package.</param>
    /// <param name="package">The Debian package that installs it, named in the error when it is missing.</param>
    /// <param name="prepare">Writes whatever the daemon reads into the folder and returns its command line.</param>
    /// <exception cref="InvalidOperationException">The executable is missing or did not start.</exception>
    public static DaemonProcess Start(string executable, string package, Func<string, IEnumerable<string>> prepare)
    {
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"{executable} is missing: run scripts/install-deps.sh (Debian package {package}).");
        }

        var folder = Directory.CreateTempSubdirectory($"orchestron-{Path.GetFileName(executable)}-").FullName;
        var start = new ProcessStartInfo(executable) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in prepare(folder))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start.");
        var daemon = new DaemonProcess(process, folder);
        process.OutputDataReceived += (_, e) => daemon.Append(e.Data);
        process.ErrorDataReceived += (_, e) => daemon.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return daemon;
    }

    /// <summary>Everything the daemon has written so far.</summary>
    public string ReadLog()
    {
        lock (_log)
        {
            return _log.ToString();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Stop();
        Process.WaitForExit(5_000);
        Release();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Stop();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await Process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            // A daemon that outlives a kill for five seconds is the kernel's to reap; the test is done with it.
        }

        Release();
    }

    private void Stop()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }
    }

    private void Release()
    {
        Process.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A pid file still held by a dying process is not worth failing a test over.
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
