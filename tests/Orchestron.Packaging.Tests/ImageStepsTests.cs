using System.Diagnostics;
using Xunit.Abstractions;

namespace Orchestron.Packaging.Tests;

/// <summary>docker/Dockerfile's steps, performed on this machine by docker/verify-image-steps.sh (no Docker engine runs here).</summary>
public sealed class ImageStepsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_published_host_starts_healthy_in_streaming_mode_with_the_compose_settings()
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = RepositoryFiles.Root,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(RepositoryFiles.PathOf("docker", "verify-image-steps.sh"));
        foreach (var name in start.Environment.Keys.Where(key => key.StartsWith("VISUALCSOUND_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var text = await standardOutput + await standardError;
        output.WriteLine(text);
        Assert.True(process.ExitCode == 0, text);
        Assert.Matches(@"healthy: GET http://127\.0\.0\.1:\d+/api/health -> 200", text);
        Assert.Contains("\"audioOutputMode\":\"streaming\"", text, StringComparison.Ordinal);
        Assert.Matches("\"urls\":\\[\"turn:localhost:3478\\?transport=udp\"", text);
    }
}
