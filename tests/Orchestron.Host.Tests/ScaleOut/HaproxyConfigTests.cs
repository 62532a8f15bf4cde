using System.Diagnostics;

namespace Orchestron.Host.Tests.ScaleOut;

/// <summary>
/// The shipped <c>haproxy.cfg</c> is what <c>generate-config.sh a b</c> writes, so the file the other tests run
/// HAProxy with and the generator people use for more replicas cannot drift apart.
/// </summary>
public sealed class HaproxyConfigTests
{
    private static readonly string Generator = Path.Combine(Path.GetDirectoryName(HaproxyProcess.ConfigPath)!, "generate-config.sh");

    [Fact]
    public async Task The_shipped_config_is_what_the_generator_writes_for_replicas_a_and_b()
    {
        var (exitCode, output) = await RunAsync("bash", [], Generator, "a", "b");

        Assert.Equal(0, exitCode);
        Assert.Equal(await File.ReadAllTextAsync(HaproxyProcess.ConfigPath), output);
    }

    [Fact]
    public async Task A_config_generated_for_three_replicas_passes_haproxys_own_check()
    {
        var file = Path.GetTempFileName();
        try
        {
            var (generated, config) = await RunAsync("bash", [], Generator, "a", "b", "c3");
            Assert.Equal(0, generated);
            await File.WriteAllTextAsync(file, config);

            var (exitCode, output) = await RunAsync(
                File.Exists("/usr/sbin/haproxy") ? "/usr/sbin/haproxy" : "haproxy",
                new()
                {
                    ["ORCHESTRON_HAPROXY_BIND"] = "127.0.0.1:8000",
                    ["ORCHESTRON_REPLICA_A"] = "127.0.0.1:8001",
                    ["ORCHESTRON_REPLICA_B"] = "127.0.0.1:8002",
                    ["ORCHESTRON_REPLICA_C3"] = "127.0.0.1:8003",
                },
                "-c", "-f", file);

            Assert.True(exitCode == 0, output);
            Assert.Contains("use-server c3 if { var(txn.replica) -m str c3 }", config, StringComparison.Ordinal);
            Assert.Contains("srv_is_up(by_session/c3)", config, StringComparison.Ordinal);
            Assert.Contains("acl known_replica var(txn.replica) -m str a b c3", config, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("A", "'A' is not a replica id")]
    [InlineData("a-b", "'a-b' is not a replica id")]
    [InlineData("a", "replica ids must differ")]
    public async Task The_generator_refuses_ids_a_replica_would_refuse_and_repeated_ones(string second, string message)
    {
        var (exitCode, output) = await RunAsync("bash", [], Generator, "a", second);

        Assert.Equal(2, exitCode);
        Assert.Contains(message, output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await standardOutput + await standardError);
    }
}
