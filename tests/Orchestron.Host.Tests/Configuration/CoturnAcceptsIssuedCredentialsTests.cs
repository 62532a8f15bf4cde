using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Orchestron.Host.Tests.Support;

namespace Orchestron.Host.Tests.Configuration;

/// <summary>
/// The TURN credentials the host hands out, checked by a real coturn (use-auth-secret) through a real TURN
/// client: aiortc allocates a relay with them, and is refused with a tampered password.
/// </summary>
public sealed class CoturnAcceptsIssuedCredentialsTests
{
    private const string AllocateRelay = """
        import asyncio, sys
        from aiortc import RTCPeerConnection, RTCConfiguration, RTCIceServer
        async def main(url, username, credential):
            pc = RTCPeerConnection(RTCConfiguration(iceServers=[RTCIceServer(urls=url, username=username, credential=credential)]))
            pc.addTransceiver("audio", direction="recvonly")
            try:
                await pc.setLocalDescription(await pc.createOffer())
                relays = [l for l in pc.localDescription.sdp.splitlines() if "typ relay" in l]
                print("RELAY" if relays else "NO RELAY")
            except Exception as error:
                print("FAILED", error)
            finally:
                await pc.close()
        asyncio.run(main(*sys.argv[1:]))
        """;

    [Fact]
    public async Task Coturn_allocates_a_relay_with_issued_credentials_and_refuses_a_tampered_one()
    {
        var secret = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var port = FreeUdpPort();
        var url = $"turn:127.0.0.1:{port}?transport=udp";
        using var coturn = Coturn.Start(port, secret);
        await using var host = await RunningHost.StartAsync(new()
        {
            ["VISUALCSOUND_TURN_URLS"] = url,
            ["VISUALCSOUND_TURN_SECRET"] = secret,
        });

        await host.CreateSessionAsync(new { });
        using var json = JsonDocument.Parse(await host.Client.GetStringAsync("/api/runtime-config"));
        var turn = json.RootElement.GetProperty("iceServers")[0];
        var username = turn.GetProperty("username").GetString()!;
        var credential = turn.GetProperty("credential").GetString()!;

        Assert.Equal(url, turn.GetProperty("urls")[0].GetString());
        Assert.Equal("RELAY", RunTurnClient(url, username, credential));
        Assert.StartsWith("FAILED", RunTurnClient(url, username, "x" + credential), StringComparison.Ordinal);
    }

    private static int FreeUdpPort()
    {
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
    }

    private static string RunTurnClient(string url, string username, string credential)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-c", AllocateRelay, url, username, credential })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        // A guard against a client that never returns, not a timing assertion.
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the TURN client did not finish");
        }

        var lastLine = output.Result.Trim().Split('\n').LastOrDefault() ?? string.Empty;
        return lastLine.Length > 0 ? lastLine : "no output: " + errors.Result;
    }

    private sealed class Coturn : IDisposable
    {
        private readonly Process _process;
        private readonly DirectoryInfo _directory;

        private Coturn(Process process, DirectoryInfo directory)
        {
            _process = process;
            _directory = directory;
        }

        public static Coturn Start(int port, string secret)
        {
            var directory = Directory.CreateTempSubdirectory("orchestron-coturn-");
            var log = Path.Combine(directory.FullName, "turn.log");
            var start = new ProcessStartInfo("/usr/bin/turnserver") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[]
            {
                "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1",
                "--listening-port=" + port.ToString(CultureInfo.InvariantCulture),
                "--use-auth-secret", "--static-auth-secret=" + secret, "--realm=orchestron",
                "--no-tls", "--no-dtls", "--no-cli", "--allow-loopback-peers",
                "--userdb=" + Path.Combine(directory.FullName, "turndb"),
                "--pidfile=" + Path.Combine(directory.FullName, "turn.pid"),
                "--log-file=" + log, "--simple-log",
            })
            {
                start.ArgumentList.Add(argument);
            }

            var coturn = new Coturn(Process.Start(start)!, directory);
            // Ready once it answers a STUN Binding request; the bound is a guard against a server that never starts.
            for (var attempt = 0; attempt < 300 && !AnswersBinding(port); attempt++)
            {
                Assert.False(coturn._process.HasExited, "turnserver exited: " + (File.Exists(log) ? ReadShared(log) : string.Empty));
            }

            return coturn;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit();
            }

            _process.Dispose();
            _directory.Delete(recursive: true);
        }

        private static bool AnswersBinding(int port)
        {
            using var client = new UdpClient(AddressFamily.InterNetwork);
            client.Client.ReceiveTimeout = 200;
            // RFC 5389 Binding request: type 0x0001, length 0, magic cookie, 96-bit transaction id.
            byte[] request = [0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xA4, 0x42, .. System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)];
            client.Send(request, request.Length, new IPEndPoint(IPAddress.Loopback, port));
            try
            {
                var remote = new IPEndPoint(IPAddress.Any, 0);
                var response = client.Receive(ref remote);
                return response.Length >= 20 && response[0] == 0x01 && response[1] == 0x01;
            }
            catch (SocketException)
            {
                return false;
            }
        }

        private static string ReadShared(string path)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }
}
