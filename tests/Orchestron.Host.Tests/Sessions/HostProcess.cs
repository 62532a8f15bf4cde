using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Orchestron.Testing;

namespace Orchestron.Host.Tests.Sessions;

/// <summary>
/// The host program in a child process on a free port, for what an in-process host cannot show: a heap limit of
/// its own, its own thread list, and a real SIGTERM.
/// </summary>
internal sealed partial class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private HostProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        Client = new HttpClient(new Support.SessionTokenJar()) { BaseAddress = address };
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>The kernel's count of the process's threads.</summary>
    public int ThreadCount => ReadStatus("Threads");

    /// <summary>The process's resident memory in KiB.</summary>
    public int ResidentKiB => ReadStatus("VmRSS");

    public static async Task<HostProcess> StartAsync(Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Orchestron.Host.dll"));
        foreach (var argument in (string[])["--host", "127.0.0.1", "--port", "0", .. args])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var variable in start.Environment.Keys.Where(k => k.StartsWith("VISUALCSOUND_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(variable);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        var address = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var lines = new List<string>();
        void OnLine(object? sender, DataReceivedEventArgs line)
        {
            if (line.Data is null)
            {
                return;
            }

            lock (lines)
            {
                lines.Add(line.Data);
            }

            if (Serving().Match(line.Data) is { Success: true } match)
            {
                address.TrySetResult(new Uri(match.Groups["url"].Value));
            }
        }

        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            var host = new HostProcess(process, await address.Task.WaitAsync(patience.Token));
            lock (lines)
            {
                host._output.AddRange(lines);
            }

            process.OutputDataReceived += host.OnOutput;
            process.ErrorDataReceived += host.OnOutput;
            return host;
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new InvalidOperationException("The host did not announce its address: " + string.Join('\n', lines));
        }
    }

    /// <summary>Sends SIGTERM and waits for the exit (killing the process after 10 s).</summary>
    public Task TerminateAsync() => Posix.TerminateAsync(_process);

    /// <summary>Kills the process, as a crash would end it, and waits for the exit.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private void OnOutput(object? sender, DataReceivedEventArgs line)
    {
        if (line.Data is not null)
        {
            lock (_output)
            {
                _output.Add(line.Data);
            }
        }
    }

    private int ReadStatus(string field)
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return int.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"serving (?<url>http://[^/\s]+)/client/")]
    private static partial Regex Serving();
}
