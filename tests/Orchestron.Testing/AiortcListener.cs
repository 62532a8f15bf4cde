using System.Diagnostics;
using System.Text.Json;

namespace Orchestron.Testing;

/// <summary>Runs the aiortc listening peer (Debian's python3-aiortc) and speaks its line protocol.</summary>
public sealed class AiortcListener : IAsyncDisposable
{
    // Debian's Python packages are importable only by the system interpreter.
    private const string Python = "/usr/bin/python3";

    private readonly Process _process;
    private readonly List<string> _stderr = [];

    private AiortcListener(Process process, string outputPath)
    {
        _process = process;
        OutputPath = outputPath;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.Add(e.Data);
                }
            }
        };
        _process.BeginErrorReadLine();
    }

    public string OutputPath { get; }

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return string.Join('\n', _stderr);
            }
        }
    }

    /// <summary>Runs <c>Peers/aiortc_datachannels.py</c>: audio plus a reliable and an unreliable data channel.</summary>
    public static AiortcListener StartWithDataChannels(double seconds, int messages, double timeoutSeconds = 30)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Peers", "aiortc_datachannels.py");
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add("--seconds");
        start.ArgumentList.Add(seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--messages");
        start.ArgumentList.Add(messages.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--timeout");
        start.ArgumentList.Add(timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new AiortcListener(Process.Start(start)!, Path.Combine(Path.GetTempPath(), $"orchestron-aiortc-{Guid.NewGuid():N}.unused"));
    }

    /// <summary>
    /// Runs <c>Peers/aiortc_control.py</c>: audio plus the "orchestron-control" channel, sending the messages of
    /// <paramref name="stepsPath"/> (a JSON list of <c>{"at": seconds, "send": ["hex", ...]}</c>) at their times.
    /// </summary>
    public static AiortcListener StartWithControl(string stepsPath, double seconds, double timeoutSeconds = 40)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Peers", "aiortc_control.py");
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add("--steps");
        start.ArgumentList.Add(stepsPath);
        start.ArgumentList.Add("--seconds");
        start.ArgumentList.Add(seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--timeout");
        start.ArgumentList.Add(timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new AiortcListener(Process.Start(start)!, stepsPath);
    }

    public static AiortcListener Start(double seconds, double connectTimeoutSeconds = 20)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Peers", "aiortc_listener.py");
        var output = Path.Combine(Path.GetTempPath(), $"orchestron-aiortc-{Guid.NewGuid():N}.raw");
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add("--output");
        start.ArgumentList.Add(output);
        start.ArgumentList.Add("--seconds");
        start.ArgumentList.Add(seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--connect-timeout");
        start.ArgumentList.Add(connectTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new AiortcListener(Process.Start(start)!, output);
    }

    public async Task<JsonElement> ReadMessageAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var line = await _process.StandardOutput.ReadLineAsync(cancel.Token)
            ?? throw new InvalidOperationException("aiortc exited early: " + StandardError);
        return JsonDocument.Parse(line).RootElement.Clone();
    }

    /// <summary>Reads messages until the final <c>done</c> event, which it returns.</summary>
    public async Task<JsonElement> ReadUntilDoneAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var message = await ReadMessageAsync(deadline - DateTime.UtcNow);
            if (message.TryGetProperty("event", out var name) && name.GetString() == "done")
            {
                return message;
            }
        }
    }

    public async Task SendAnswerAsync(string sdp)
    {
        var line = JsonSerializer.Serialize(new Dictionary<string, string> { ["type"] = "answer", ["sdp"] = sdp });
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        File.Delete(OutputPath);
    }
}
