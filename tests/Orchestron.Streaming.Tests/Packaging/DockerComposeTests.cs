using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Orchestron.Streaming.Tests.Packaging;

/// <summary>
/// The compose files as Debian's docker-compose reads them (it resolves and validates a file without an engine),
/// and the Dockerfile's runtime packages against the ones this machine's tests run with.
/// </summary>
public sealed class DockerComposeTests
{
    private const string DockerCompose = "/usr/bin/docker-compose";
    private const string Secret = "7c0ffee7c0ffee7c0ffee7c0ffee7c0f";

    [Fact]
    public async Task The_streaming_file_shares_the_turn_secret_and_sets_the_low_latency_defaults()
    {
        var (exitCode, output) = await ConfigAsync(new() { ["VISUALCSOUND_TURN_SECRET"] = Secret, ["VISUALCSOUND_TURN_EXTERNAL_IP"] = "203.0.113.7" }, "docker-compose.yaml");

        Assert.True(exitCode == 0, output);
        Assert.Contains($"--static-auth-secret={Secret}", output, StringComparison.Ordinal);
        Assert.Contains($"VISUALCSOUND_TURN_SECRET: {Secret}", output, StringComparison.Ordinal);
        Assert.Contains("--external-ip=203.0.113.7", output, StringComparison.Ordinal);
        Assert.Contains("image: coturn/coturn", output, StringComparison.Ordinal);
        Assert.Matches(@"VISUALCSOUND_WEBRTC_AUDIO_FRAME_MS: '10'", output);
        Assert.Matches(@"VISUALCSOUND_WEBRTC_AUDIO_QUEUE_FRAMES_MAX: '4'", output);
        Assert.Matches(@"VISUALCSOUND_WEBRTC_AUDIO_QUEUE_FRAMES_TARGET: '2'", output);
        Assert.Matches(@"VISUALCSOUND_WEBRTC_AUDIO_FLUSH_ON_CONNECT: .true.", output);
        Assert.Matches(@"VISUALCSOUND_WEBRTC_AUDIO_STARTUP_KEEP_FRAMES: '1'", output);
        Assert.Contains("http://localhost:5173", output, StringComparison.Ordinal);
        Assert.Contains("http://localhost:8000", output, StringComparison.Ordinal);
        // The media port is published under the number the host binds.
        Assert.Matches(@"protocol: udp\s+published: 40000\s+target: 40000", output);
        Assert.Contains("VISUALCSOUND_WEBRTC_UDP_PORT: '40000'", output, StringComparison.Ordinal);
        Assert.Contains("VISUALCSOUND_AUDIO_OUTPUT_MODE: streaming", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_relay_may_reach_only_the_orchestron_services_fixed_address()
    {
        var (exitCode, output) = await ConfigAsync(new() { ["VISUALCSOUND_TURN_SECRET"] = Secret }, "docker-compose.yaml");
        var turnserver = File.ReadAllText(RepositoryFiles.PathOf("docker", "turnserver.conf"));

        Assert.True(exitCode == 0, output);
        Assert.Matches(@"ipv4_address: 172\.28\.0\.10", output);
        Assert.Equal(["172.28.0.10"], Regex.Matches(turnserver, @"(?m)^allowed-peer-ip=(.+)$").Select(m => m.Groups[1].Value));
        foreach (var range in new[] { "10.0.0.0-10.255.255.255", "127.0.0.0-127.255.255.255", "169.254.0.0-169.254.255.255", "172.16.0.0-172.31.255.255", "192.168.0.0-192.168.255.255", "fc00::", "fe80::" })
        {
            Assert.Contains("denied-peer-ip=" + range, turnserver, StringComparison.Ordinal);
        }

        Assert.Contains("VISUALCSOUND_ALLOWED_HOSTS: localhost,127.0.0.1", output, StringComparison.Ordinal);
        Assert.Contains("VISUALCSOUND_OPERATOR_TOKEN:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_published_port_and_public_address_change_together()
    {
        var (exitCode, output) = await ConfigAsync(
            new() { ["VISUALCSOUND_TURN_SECRET"] = Secret, ["VISUALCSOUND_WEBRTC_UDP_PORT"] = "41234", ["VISUALCSOUND_WEBRTC_PUBLIC_IP"] = "192.0.2.10" },
            "docker-compose.yaml");

        Assert.True(exitCode == 0, output);
        Assert.Matches(@"protocol: udp\s+published: 41234\s+target: 41234", output);
        Assert.Contains("VISUALCSOUND_WEBRTC_UDP_PORT: '41234'", output, StringComparison.Ordinal);
        Assert.Contains("VISUALCSOUND_WEBRTC_PUBLIC_IP: 192.0.2.10", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_turn_secret_the_file_is_refused_with_the_variable_named()
    {
        var (exitCode, output) = await ConfigAsync([], "docker-compose.yaml");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("set VISUALCSOUND_TURN_SECRET", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_alsa_override_switches_to_local_mode_with_the_sound_devices()
    {
        var (exitCode, output) = await ConfigAsync(new() { ["VISUALCSOUND_TURN_SECRET"] = Secret }, "docker-compose.yaml", "docker-compose.alsa.yaml");

        Assert.True(exitCode == 0, output);
        Assert.Contains("/dev/snd:/dev/snd", output, StringComparison.Ordinal);
        Assert.Contains("VISUALCSOUND_AUDIO_OUTPUT_MODE: local", output, StringComparison.Ordinal);
        Assert.Matches(@"command:\s+- --audio-output-mode\s+- local", output);
        Assert.DoesNotContain("VISUALCSOUND_AUDIO_OUTPUT_MODE: streaming", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_image_installs_the_runtime_packages_the_tests_run_against()
    {
        var dockerfile = File.ReadAllText(RepositoryFiles.PathOf("docker", "Dockerfile"));
        var installDeps = File.ReadAllText(RepositoryFiles.PathOf("scripts", "install-deps.sh"));
        var runtimeStage = dockerfile[dockerfile.IndexOf("FROM debian:bookworm", StringComparison.Ordinal)..];
        var runtimePackages = Regex.Match(installDeps, @"runtime_packages=\(([^)]*)\)").Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(["libcsound64-6.0", "libopus0", "libssl3"], runtimePackages);
        foreach (var package in runtimePackages)
        {
            Assert.Matches($@"apt-get install[^\n]*(\\\n[^\n]*)*\b{Regex.Escape(package)}\b", runtimeStage);
        }

        Assert.Contains("USER orchestron", runtimeStage, StringComparison.Ordinal);
        Assert.Contains("HEALTHCHECK", runtimeStage, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:8000/api/health", runtimeStage, StringComparison.Ordinal);
        Assert.Contains("""CMD ["--audio-output-mode", "streaming", "--host", "0.0.0.0", "--port", "8000"]""", runtimeStage, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> ConfigAsync(Dictionary<string, string> environment, params string[] files)
    {
        var start = new ProcessStartInfo(DockerCompose)
        {
            WorkingDirectory = RepositoryFiles.Root,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var file in files)
        {
            start.ArgumentList.Add("-f");
            start.ArgumentList.Add(Path.Combine("docker", file));
        }

        start.ArgumentList.Add("config");
        foreach (var name in start.Environment.Keys.Where(key => key.StartsWith("VISUALCSOUND_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

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
