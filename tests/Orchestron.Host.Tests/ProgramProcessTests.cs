using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Orchestron.Host.Tests;

/// <summary>The host program as a person starts it: a separate process with its own arguments and environment.</summary>
public sealed class ProgramProcessTests
{
    [Fact]
    public void Invalid_setting_exits_with_code_2_and_a_message_without_a_stack_trace()
    {
        var result = Run(["--port", "0"], new() { ["VISUALCSOUND_AUDIO_OUTPUT_MODE"] = "speakers" });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("VISUALCSOUND_AUDIO_OUTPUT_MODE (environment variable) has the value 'speakers'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("local or streaming (aliases: browser, webrtc)", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Network_csd_without_an_operator_token_exits_with_code_2_naming_both_settings()
    {
        var result = Run(["--port", "0", "--allow-network-csd"], []);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("VISUALCSOUND_ALLOW_NETWORK_CSD", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("VISUALCSOUND_OPERATOR_TOKEN", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_lists_every_switch_and_exits_with_code_0()
    {
        var result = Run(["--help"], []);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--audio-output-mode", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("VISUALCSOUND_TURN_SECRET", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--allow-network-csd", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--operator-token", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--allowed-hosts", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--rate-limit-creates-per-minute", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--max-listeners-per-session", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Port_already_in_use_exits_with_code_1_and_says_so()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

        var result = Run(["--host", "127.0.0.1", "--port", port], []);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Could not listen for HTTP", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(port, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    private static (int ExitCode, string Stdout, string Stderr) Run(string[] args, Dictionary<string, string> environment)
    {
        var hostAssembly = Path.Combine(AppContext.BaseDirectory, "Orchestron.Host.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(hostAssembly);
        foreach (var argument in args)
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

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // A guard against a host that unexpectedly keeps running, not a timing assertion.
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the host kept running instead of exiting");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
