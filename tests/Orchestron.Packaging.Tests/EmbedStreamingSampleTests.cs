using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Orchestron.Testing;
using Xunit.Abstractions;

namespace Orchestron.Packaging.Tests;

/// <summary>
/// The packages as a user gets them: packed to a feed, restored by version into samples/EmbedStreaming (a copy,
/// with a NuGet.config naming only that feed and nuget.org), built, started, asked for an SDP answer to a
/// captured Chromium offer, and played by headless Chromium from the sample's own page.
/// </summary>
[Collection(RepositoryPackCollection.Name)]
public sealed partial class EmbedStreamingSampleTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("orchestron-packaging-").FullName;

    // A version no earlier run used, so that a package cached in ~/.nuget/packages can never stand in for this build's.
    private readonly string _versionSuffix = "packagetest." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    [Fact]
    public async Task The_sample_built_from_the_packed_feed_answers_a_browser_offer()
    {
        var root = RepositoryFiles.Root;
        var feed = Path.Combine(_work, "feed");
        var artifacts = Path.Combine(_work, "artifacts");
        foreach (var project in new[] { "src/Orchestron.Csound", "src/Orchestron.WebRtc", "src/Orchestron.Streaming" })
        {
            await DotnetCli.RunAsync(root, TimeSpan.FromMinutes(4), "pack", project, "-c", "Release", "--artifacts-path", artifacts,
                "-o", feed, $"-p:VersionSuffix={_versionSuffix}");
        }

        var version = $"0.1.0-{_versionSuffix}";
        var packages = Directory.GetFiles(feed).Select(file => Path.GetFileName(file)!).Order().ToArray();
        output.WriteLine(string.Join(", ", packages));
        Assert.Equal(
            [
                $"Orchestron.Csound.{version}.nupkg", $"Orchestron.Csound.{version}.snupkg",
                $"Orchestron.Streaming.{version}.nupkg", $"Orchestron.Streaming.{version}.snupkg",
                $"Orchestron.WebRtc.{version}.nupkg", $"Orchestron.WebRtc.{version}.snupkg",
            ],
            packages);

        var sample = CopySample(Path.Combine(root, "samples", "EmbedStreaming"), Path.Combine(_work, "EmbedStreaming"));
        File.WriteAllText(Path.Combine(sample, "NuGet.config"), File.ReadAllText(Path.Combine(sample, "NuGet.config")).Replace("../../nuget", feed, StringComparison.Ordinal));
        await DotnetCli.RunAsync(sample, TimeSpan.FromMinutes(4), "build", "-c", "Release", $"-p:OrchestronVersion={version}");
        Assert.True(File.Exists(Path.Combine(sample, "bin", "Release", "net10.0", "Orchestron.Streaming.dll")), "the package's assembly is beside the sample");
        Assert.True(File.Exists(Path.Combine(sample, "bin", "Release", "net10.0", "Orchestron.WebRtc.dll")), "the sender's package came with it");

        using var app = DotnetCli.Start(sample, "bin/Release/net10.0/EmbedStreaming.dll", "--urls", "http://127.0.0.1:0");
        var log = new StringBuilder();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        DataReceivedEventHandler watch = (_, e) =>
        {
            DotnetCli.Append(log, e.Data);
            if (e.Data is not null && ListeningOn().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        };
        app.OutputDataReceived += watch;
        app.ErrorDataReceived += watch;
        app.BeginOutputReadLine();
        app.BeginErrorReadLine();
        try
        {
            var started = await Task.WhenAny(listening.Task, app.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
            Assert.True(started == listening.Task, "The sample did not start listening:\n" + DotnetCli.Text(log));
            using var http = new HttpClient { BaseAddress = await listening.Task, Timeout = TimeSpan.FromSeconds(30) };

            var page = await http.GetStringAsync("/");
            var offer = File.ReadAllText(Path.Combine(root, "tests", "Orchestron.WebRtc.Tests", "TestData", "chromium-audio-recvonly.sdp"));
            using var response = await http.PostAsJsonAsync("/offer", new { type = "offer", sdp = offer });
            var body = await response.Content.ReadAsStringAsync();
            using var refused = await http.PostAsJsonAsync("/offer", new { type = "offer", sdp = "v=0\r\n" });

            Assert.Contains("RTCPeerConnection", page, StringComparison.Ordinal);
            Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {body}\n{DotnetCli.Text(log)}");
            var answer = JsonDocument.Parse(body).RootElement;
            var sdp = answer.GetProperty("sdp").GetString()!;
            output.WriteLine(sdp);
            Assert.Equal("answer", answer.GetProperty("type").GetString());
            Assert.StartsWith("v=0\r\n", sdp, StringComparison.Ordinal);
            Assert.Contains("a=sendonly", sdp, StringComparison.Ordinal);
            Assert.Contains("opus/48000/2", sdp, StringComparison.Ordinal);
            Assert.Matches(@"a=fingerprint:sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}", sdp);
            Assert.Matches(@"a=candidate:\S+ 1 udp \d+ 127\.0\.0\.1 \d+ typ host", sdp);
            Assert.Equal(400, (int)refused.StatusCode);

            // Chromium on the sample's own page: Play, then the packaged pipeline's audio arrives.
            var (playwright, browser) = await PlaywrightChromium.LaunchAsync();
            using var _ = playwright;
            await using var __ = browser;
            var browserPage = await browser.NewPageAsync();
            await browserPage.GotoAsync(http.BaseAddress!.ToString());
            await browserPage.ClickAsync("#play");
            await browserPage.WaitForFunctionAsync("() => document.getElementById('state').textContent === 'connected'", null, new() { Timeout = 30_000 });
            const string Inbound = "async () => { for (const r of (await window.pc.getStats()).values()) if (r.type === 'inbound-rtp') return { packets: r.packetsReceived ?? 0, level: r.audioLevel ?? 0 }; return { packets: 0, level: 0 }; }";
            var inbound = await browserPage.EvaluateAsync<JsonElement>(Inbound);
            for (var poll = 0; poll < 120 && !(inbound.GetProperty("packets").GetInt64() > 200 && inbound.GetProperty("level").GetDouble() > 0); poll++)
            {
                await Task.Delay(250);
                inbound = await browserPage.EvaluateAsync<JsonElement>(Inbound);
            }

            output.WriteLine($"Chromium on the sample's page: {inbound}");
            Assert.True(inbound.GetProperty("packets").GetInt64() > 200, inbound.ToString());
            Assert.True(inbound.GetProperty("level").GetDouble() > 0, inbound.ToString());
        }
        finally
        {
            app.Kill(entireProcessTree: true);
            await app.WaitForExitAsync();
        }
    }

    public void Dispose()
    {
        Directory.Delete(_work, recursive: true);
        // The packages restored under this run's version are of no use to anyone else.
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in new[] { "orchestron.csound", "orchestron.streaming" })
        {
            var cached = Path.Combine(cache, id, $"0.1.0-{_versionSuffix}");
            if (Directory.Exists(cached))
            {
                Directory.Delete(cached, recursive: true);
            }
        }
    }

    private static string CopySample(string source, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                || relative.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(destination, relative))!);
            File.Copy(file, Path.Combine(destination, relative));
        }

        return destination;
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();
}
