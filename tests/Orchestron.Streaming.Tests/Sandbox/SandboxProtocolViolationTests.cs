using Orchestron.Streaming.Audio;
using Orchestron.Streaming.Sandbox;

namespace Orchestron.Streaming.Tests.Sandbox;

/// <summary>A worker that answers with something other than the protocol is killed at once, whatever it sent.</summary>
public sealed class SandboxProtocolViolationTests
{
    [Theory]
    [InlineData("oversized", "outside 1 to 65536")]
    [InlineData("unknown-type", "Unknown control message type 200")]
    [InlineData("host-only-type", "which only the host sends")]
    public async Task A_worker_that_breaks_the_protocol_is_killed_with_the_reason(string misbehaviour, string reason)
    {
        var script = Path.Combine(Path.GetTempPath(), $"orchestron-rogue-worker-{Guid.NewGuid():N}.py");
        await File.WriteAllTextAsync(script, "#!/usr/bin/python3\n" + RogueWorker(misbehaviour));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        try
        {
            // Unsandboxed, with a python script in the worker's place: the host's side of the pipe is what is tested.
            var options = new CsoundSandboxOptions { Unsandboxed = true, WorkerPath = script };

            var error = await Assert.ThrowsAnyAsync<Exception>(() => SandboxedCsoundWorker.LaunchAsync(options, new StreamingAudioOptions()));

            Assert.Contains("broke the control protocol", error.Message + " " + error.InnerException?.Message, StringComparison.Ordinal);
            Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>Reads the host's hello, then answers with one kind of garbage and waits to be killed.</summary>
    private static string RogueWorker(string misbehaviour) => $$"""
        import struct, sys, time
        length = struct.unpack('<i', sys.stdin.buffer.read(4))[0]
        sys.stdin.buffer.read(length)
        out = sys.stdout.buffer
        kind = '{{misbehaviour}}'
        if kind == 'oversized':
            out.write(struct.pack('<i', 0x7fffffff))
        elif kind == 'unknown-type':
            out.write(struct.pack('<i', 1) + bytes([200]))
        else:
            out.write(struct.pack('<i', 1) + bytes([7]))
        out.flush()
        time.sleep(30)
        """;
}
