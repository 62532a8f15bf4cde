using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Orchestron.WebRtc.Tests.Ice;

/// <summary>
/// Debian's headless Chromium with one blank page, driven over the DevTools protocol: scripts run in the page with
/// Runtime.evaluate, so the page's RTCPeerConnection is a real browser peer.
/// </summary>
internal sealed partial class ChromiumPage : IDisposable
{
    private readonly Process _process;
    private readonly string _profile;
    private readonly StringBuilder _log = new();
    private ClientWebSocket? _socket;
    private int _nextId;

    public ChromiumPage()
    {
        _profile = Directory.CreateTempSubdirectory("orchestron-chromium-").FullName;
        var arguments = "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking "
            + $"--disable-component-update --disable-sync --remote-debugging-port=0 --user-data-dir={_profile} about:blank";
        _process = new Process
        {
            StartInfo = new ProcessStartInfo("/usr/bin/chromium", arguments)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            },
        };
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Connects to the blank page's DevTools endpoint.</summary>
    public async Task ConnectAsync(TimeSpan timeout)
    {
        Match? listening = null;
        Assert.True(
            SpinWait.SpinUntil(() => (listening = DevToolsUrl().Match(Log)).Success || _process.HasExited, timeout) && listening!.Success,
            "Chromium printed no DevTools address:\n" + Log);
        var port = listening!.Groups["port"].Value;
        using var http = new HttpClient { Timeout = timeout };
        string? pageUrl = null;
        var until = DateTime.UtcNow + timeout;
        while (pageUrl is null && DateTime.UtcNow < until)
        {
            using var targets = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/json/list"));
            pageUrl = targets.RootElement.EnumerateArray()
                .Where(t => t.GetProperty("type").GetString() == "page")
                .Select(t => t.GetProperty("webSocketDebuggerUrl").GetString())
                .FirstOrDefault();
            if (pageUrl is null)
            {
                await Task.Delay(100);
            }
        }

        Assert.NotNull(pageUrl);
        _socket = new ClientWebSocket();
        await _socket.ConnectAsync(new Uri(pageUrl), CancellationToken.None);
    }

    /// <summary>Evaluates <paramref name="expression"/> (awaiting a promise) and returns its value as a string.</summary>
    public async Task<string> EvaluateAsync(string expression, TimeSpan timeout)
    {
        var id = Interlocked.Increment(ref _nextId);
        var request = JsonSerializer.Serialize(new
        {
            id,
            method = "Runtime.evaluate",
            @params = new { expression, awaitPromise = true, returnByValue = true },
        });
        using var cancel = new CancellationTokenSource(timeout);
        await _socket!.SendAsync(Encoding.UTF8.GetBytes(request), WebSocketMessageType.Text, true, cancel.Token);
        var buffer = new byte[1 << 20];
        while (true)
        {
            var message = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await _socket.ReceiveAsync(buffer, cancel.Token);
                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);

            using var reply = JsonDocument.Parse(message.ToArray());
            if (!reply.RootElement.TryGetProperty("id", out var replyId) || replyId.GetInt32() != id)
            {
                continue;
            }

            var outcome = reply.RootElement.GetProperty("result");
            if (outcome.TryGetProperty("exceptionDetails", out var exception))
            {
                return "EXCEPTION " + exception.ToString();
            }

            var value = outcome.GetProperty("result");
            return value.TryGetProperty("value", out var text) ? text.ToString() : value.ToString();
        }
    }

    public void Dispose()
    {
        _socket?.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium's child processes may still hold files for a moment; the folder is in the temp directory.
        }
    }

    [GeneratedRegex(@"DevTools listening on ws://127\.0\.0\.1:(?<port>\d+)/")]
    private static partial Regex DevToolsUrl();

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
