using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Orchestron.Packaging.Tests;

/// <summary>
/// The compose files (paths from the repository root) as Debian's docker-compose reads them (it resolves and validates a file without an engine),
/// and the Dockerfile's runtime packages against the ones this machine's tests run with.
/// </summary>
public sealed class DockerComposeTests
{
    private const string DockerCompose = "/usr/bin/docker-compose";
    private const string Secret = "7c0ffee7c0ffee7c0ffee7c0ffee7c0f";

    [Fact]
    public async Task The_root_file_needs_no_settings_and_shares_a_generated_turn_secret_through_a_volume()
    {
        var (exitCode, output) = await ConfigAsync([], "docker-compose.yaml");

        Assert.True(exitCode == 0, output);
        // Written once by the turn-secret service, read by coturn's command line and by the host's setting.
        Assert.Contains("docker/turn-secret.sh:/usr/local/bin/turn-secret.sh:ro", output, StringComparison.Ordinal);
        Assert.Matches(@"--static-auth-secret=""\$\$\(cat\s+/run/orchestron-secrets/turn-secret\)""", output);
        Assert.Contains("VISUALCSOUND_TURN_SECRET_FILE: /run/orchestron-secrets/turn-secret", output, StringComparison.Ordinal);
        Assert.Equal(3, Regex.Matches(output, @"orchestron-secrets:/run/orchestron-secrets").Count);
        Assert.Equal(2, Regex.Matches(output, @"turn-secret:\s+condition: service_completed_successfully").Count);
        Assert.Contains("--external-ip=127.0.0.1", output, StringComparison.Ordinal);
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
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task The_turn_secret_script_generates_a_secret_once_keeps_it_across_restarts_and_takes_a_given_one()
    {
        var directory = Directory.CreateTempSubdirectory("orchestron-turn-secret-");
        try
        {
            var file = Path.Combine(directory.FullName, "turn-secret");

            var first = await RunTurnSecretScriptAsync(file, null);
            var generated = await File.ReadAllTextAsync(file);
            var second = await RunTurnSecretScriptAsync(file, null);
            var kept = await File.ReadAllTextAsync(file);
            var third = await RunTurnSecretScriptAsync(file, Secret);

            Assert.Contains("generated a TURN secret", first, StringComparison.Ordinal);
            Assert.Matches("^[0-9a-f]{32}$", generated);
            Assert.Contains("keeping the TURN secret", second, StringComparison.Ordinal);
            Assert.Equal(generated, kept);
            Assert.Contains("using the given TURN secret", third, StringComparison.Ordinal);
            Assert.Equal(Secret, await File.ReadAllTextAsync(file));
            Assert.Equal(
                UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                File.GetUnixFileMode(file));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_chosen_turn_secret_and_external_address_still_take_effect()
    {
        var (exitCode, output) = await ConfigAsync(new() { ["VISUALCSOUND_TURN_SECRET"] = Secret, ["VISUALCSOUND_TURN_EXTERNAL_IP"] = "203.0.113.7" }, "docker-compose.yaml");

        Assert.True(exitCode == 0, output);
        // The init service writes the chosen secret over the file, so coturn and the host agree on it.
        Assert.Contains($"VISUALCSOUND_TURN_SECRET: {Secret}", output, StringComparison.Ordinal);
        Assert.Contains("--external-ip=203.0.113.7", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_audio_output_mode_from_the_environment_reaches_the_host_because_the_image_command_leaves_it_alone()
    {
        var (exitCode, output) = await ConfigAsync(new() { ["VISUALCSOUND_AUDIO_OUTPUT_MODE"] = "local" }, "docker-compose.yaml");
        var dockerfile = File.ReadAllText(RepositoryFiles.PathOf("docker", "Dockerfile"));

        Assert.True(exitCode == 0, output);
        Assert.Contains("VISUALCSOUND_AUDIO_OUTPUT_MODE: local", output, StringComparison.Ordinal);
        Assert.DoesNotContain("--audio-output-mode", dockerfile, StringComparison.Ordinal);
        Assert.DoesNotContain("command:", Service(output, "orchestron"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_relay_may_reach_only_the_orchestron_services_fixed_address()
    {
        var (exitCode, output) = await ConfigAsync([], "docker-compose.yaml");
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
            new() { ["VISUALCSOUND_WEBRTC_UDP_PORT"] = "41234", ["VISUALCSOUND_WEBRTC_PUBLIC_IP"] = "192.0.2.10" },
            "docker-compose.yaml");

        Assert.True(exitCode == 0, output);
        Assert.Matches(@"protocol: udp\s+published: 41234\s+target: 41234", output);
        Assert.Contains("VISUALCSOUND_WEBRTC_UDP_PORT: '41234'", output, StringComparison.Ordinal);
        Assert.Contains("VISUALCSOUND_WEBRTC_PUBLIC_IP: 192.0.2.10", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_alsa_override_switches_to_local_mode_with_the_sound_devices()
    {
        var (exitCode, output) = await ConfigAsync([], "docker-compose.yaml", "docker/docker-compose.alsa.yaml");

        Assert.True(exitCode == 0, output);
        Assert.Contains("/dev/snd:/dev/snd", output, StringComparison.Ordinal);
        Assert.Contains("VISUALCSOUND_AUDIO_OUTPUT_MODE: local", output, StringComparison.Ordinal);
        Assert.DoesNotContain("VISUALCSOUND_AUDIO_OUTPUT_MODE: streaming", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_scale_out_file_puts_haproxy_before_two_replicas_with_their_own_ids_and_media_ports_and_adds_janus()
    {
        var (exitCode, output) = await ConfigAsync([], "docker-compose.yaml", "docker/docker-compose.scale.yaml");

        Assert.True(exitCode == 0, output);
        var proxy = Service(output, "haproxy");
        var a = Service(output, "orchestron-a");
        var b = Service(output, "orchestron-b");
        Assert.Contains("image: haproxy:2.6", proxy, StringComparison.Ordinal);
        Assert.Matches(@"docker/haproxy/haproxy\.cfg:/usr/local/etc/haproxy/haproxy\.cfg:ro", proxy);
        Assert.Contains("ORCHESTRON_REPLICA_A: orchestron-a:8000", proxy, StringComparison.Ordinal);
        Assert.Contains("ORCHESTRON_REPLICA_B: orchestron-b:8000", proxy, StringComparison.Ordinal);
        Assert.Matches(@"protocol: tcp\s+published: 8000\s+target: 8000", proxy);
        Assert.Contains("ipv4_address: 172.28.0.20", proxy, StringComparison.Ordinal);
        foreach (var (replica, id, port) in new[] { (a, "a", 40001), (b, "b", 40002) })
        {
            Assert.Contains($"VISUALCSOUND_REPLICA_ID: {id}", replica, StringComparison.Ordinal);
            Assert.Contains($"VISUALCSOUND_WEBRTC_UDP_PORT: '{port}'", replica, StringComparison.Ordinal);
            Assert.Matches($@"protocol: udp\s+published: {port}\s+target: {port}", replica);
            Assert.Contains("VISUALCSOUND_TRUSTED_PROXIES: 172.28.0.20", replica, StringComparison.Ordinal);
            Assert.Contains("VISUALCSOUND_TURN_SECRET_FILE: /run/orchestron-secrets/turn-secret", replica, StringComparison.Ordinal);
            // Reached only through HAProxy: no HTTP port of its own on the machine.
            Assert.DoesNotContain("published: 8000", replica, StringComparison.Ordinal);
        }

        // The single host stays out of the way unless asked for; the relay may reach every media address.
        Assert.Matches(@"profiles:\s+- single", Service(output, "orchestron"));
        foreach (var address in new[] { "172.28.0.11", "172.28.0.12", "172.28.0.30" })
        {
            Assert.Contains("--allowed-peer-ip=" + address, Service(output, "coturn"), StringComparison.Ordinal);
        }

        Assert.Contains("dockerfile: docker/janus/Dockerfile", Service(output, "janus"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_janus_image_loads_only_the_http_transport_and_the_streaming_plugin()
    {
        var dockerfile = File.ReadAllText(RepositoryFiles.PathOf("docker", "janus", "Dockerfile"));
        var janus = File.ReadAllText(RepositoryFiles.PathOf("docker", "janus", "janus.jcfg"));
        List<string> plugins = Directory.Exists("/usr/lib/x86_64-linux-gnu/janus/plugins")
            ? [.. Directory.GetFiles("/usr/lib/x86_64-linux-gnu/janus/plugins", "*.so").Select(p => Path.GetFileName(p))]
            : [];

        Assert.Matches(@"apt-get install[^\n]*\bjanus\b", dockerfile);
        Assert.Contains("libjanus_websockets.so", janus, StringComparison.Ordinal);
        Assert.DoesNotContain("libjanus_streaming.so", janus, StringComparison.Ordinal);
        Assert.DoesNotContain("libjanus_http.so", janus, StringComparison.Ordinal);
        // Against the installed package, when there is one: every plugin but streaming is named as disabled.
        Assert.All(plugins.Where(p => p != "libjanus_streaming.so"), plugin => Assert.Contains(plugin, janus, StringComparison.Ordinal));
    }

    [Fact]
    public void The_image_installs_the_runtime_packages_the_tests_run_against()
    {
        var dockerfile = File.ReadAllText(RepositoryFiles.PathOf("docker", "Dockerfile"));
        var installDeps = File.ReadAllText(RepositoryFiles.PathOf("scripts", "install-deps.sh"));
        var runtimeStage = dockerfile[dockerfile.IndexOf("FROM debian:bookworm", StringComparison.Ordinal)..];
        var runtimePackages = Regex.Match(installDeps, @"runtime_packages=\(([^)]*)\)").Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(["libcsound64-6.0", "libopus0", "libssl3", "bubblewrap"], runtimePackages);
        foreach (var package in runtimePackages)
        {
            Assert.Matches($@"apt-get install[^\n]*(\\\n[^\n]*)*\b{Regex.Escape(package)}\b", runtimeStage);
        }

        Assert.Contains("USER orchestron", runtimeStage, StringComparison.Ordinal);
        Assert.Contains("HEALTHCHECK", runtimeStage, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:8000/api/health", runtimeStage, StringComparison.Ordinal);
        Assert.Contains("VISUALCSOUND_AUDIO_OUTPUT_MODE=streaming", runtimeStage, StringComparison.Ordinal);
        Assert.Contains("""CMD ["--host", "0.0.0.0", "--port", "8000"]""", runtimeStage, StringComparison.Ordinal);
    }

    private static async Task<string> RunTurnSecretScriptAsync(string file, string? secret)
    {
        var start = new ProcessStartInfo("sh", [RepositoryFiles.PathOf("docker", "turn-secret.sh")])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["TURN_SECRET_FILE"] = file;
        start.Environment.Remove("VISUALCSOUND_TURN_SECRET");
        if (secret is not null)
        {
            start.Environment["VISUALCSOUND_TURN_SECRET"] = secret;
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, output);
        return output;
    }

    /// <summary>One service's block of <c>docker-compose config</c> output, which lists services at two spaces' indent.</summary>
    private static string Service(string config, string name) =>
        Regex.Match(config[config.IndexOf("\nservices:\n", StringComparison.Ordinal)..], $@"(?ms)^  {Regex.Escape(name)}:\n.*?(?=^  \S|^\S|\z)").Value;

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
            start.ArgumentList.Add(file);
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
