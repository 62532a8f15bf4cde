using System.Diagnostics;
using System.Text.Json;
using Orchestron.Host.Tests.Support;
using Orchestron.Testing;

namespace Orchestron.Host.Tests.Configuration;

/// <summary>
/// The TURN credentials the host hands out, checked by a real coturn running the deployment's turnserver.conf (use-auth-secret) through a real TURN
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
        using var coturn = await CoturnServer.StartAsync(CoturnServer.DeploymentConfigurationFile);
        var url = coturn.Url;
        await using var host = await RunningHost.StartAsync(new()
        {
            ["VISUALCSOUND_TURN_URLS"] = url,
            ["VISUALCSOUND_TURN_SECRET"] = coturn.Secret,
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
}
