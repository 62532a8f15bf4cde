using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Orchestron.WebRtc.Tests.Ice;

/// <summary>
/// Debian's aiortc (only importable by /usr/bin/python3) as the offering peer: it sends a recvonly audio offer,
/// takes our answer and reports its connection states, which reach "connected" only after ICE and DTLS (with its
/// check of our fingerprint) succeed.
/// </summary>
internal sealed class AiortcPeer : IDisposable
{
    private const string Script = """
        import asyncio, json, sys
        from aiortc import RTCPeerConnection, RTCSessionDescription

        async def main():
            pc = RTCPeerConnection()
            done = asyncio.Event()

            @pc.on("connectionstatechange")
            def on_state():
                print("STATE " + pc.connectionState, flush=True)
                if pc.connectionState in ("connected", "failed", "closed"):
                    done.set()

            pc.addTransceiver("audio", direction="recvonly")
            await pc.setLocalDescription(await pc.createOffer())
            print("OFFER " + json.dumps(pc.localDescription.sdp), flush=True)
            line = await asyncio.get_event_loop().run_in_executor(None, sys.stdin.readline)
            await pc.setRemoteDescription(RTCSessionDescription(sdp=json.loads(line), type="answer"))
            print("ANSWER-ACCEPTED", flush=True)
            try:
                await asyncio.wait_for(done.wait(), 60)
            except asyncio.TimeoutError:
                print("STATE timeout", flush=True)
            await asyncio.get_event_loop().run_in_executor(None, sys.stdin.readline)
            await pc.close()

        asyncio.run(main())
        """;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _scriptPath;

    public AiortcPeer()
    {
        _scriptPath = Path.Combine(Path.GetTempPath(), $"orchestron-aiortc-{Guid.NewGuid():N}.py");
        File.WriteAllText(_scriptPath, Script);
        _process = new Process
        {
            StartInfo = new ProcessStartInfo("/usr/bin/python3", _scriptPath)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
        };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public string WaitForOffer(TimeSpan timeout)
    {
        Assert.True(SpinWait.SpinUntil(() => Output.Contains("OFFER ", StringComparison.Ordinal) || _process.HasExited, timeout), Output);
        var output = Output;
        var start = output.IndexOf("OFFER ", StringComparison.Ordinal);
        Assert.True(start >= 0, "aiortc made no offer:\n" + output);
        var end = output.IndexOf('\n', start);
        return JsonSerializer.Deserialize<string>(output[(start + 6)..end].Trim())!;
    }

    public void SendAnswer(string sdp) => SendLine(JsonSerializer.Serialize(sdp));

    /// <summary>Lets the script close its peer connection, which sends DTLS close_notify.</summary>
    public void Close() => SendLine("close");

    private void SendLine(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    public bool Reported(string text) => Output.Contains(text, StringComparison.Ordinal);

    public bool HasExited => _process.HasExited;

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        File.Delete(_scriptPath);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
