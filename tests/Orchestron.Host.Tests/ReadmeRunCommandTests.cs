using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Orchestron.Testing;

namespace Orchestron.Host.Tests;

/// <summary>The README's first command, started as a newcomer would, serves the client and answers an offer.</summary>
public sealed class ReadmeRunCommandTests
{
    [Fact]
    public async Task The_readmes_run_command_serves_the_client_and_answers_an_offer()
    {
        var root = RepositoryRoot();
        var command = FirstReadmeCommand(root);
        Assert.Equal("bash scripts/run.sh", command);
        var port = FreePort();
        var start = new ProcessStartInfo("bash", ["-c", $"{command} --port {port}"])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitUntilServingAsync(client, process, output);

            var page = await client.GetStringAsync("/client/");
            Assert.Contains("Orchestron", page, StringComparison.Ordinal);
            var session = await (await client.PostAsJsonAsync("/api/sessions", new { })).Content.ReadFromJsonAsync<JsonElement>();
            var id = session.GetProperty("id").GetString();
            client.DefaultRequestHeaders.Authorization = new("Bearer", session.GetProperty("controlToken").GetString());
            (await client.PostAsync($"/api/sessions/{id}/start", null)).EnsureSuccessStatusCode();
            var offer = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "chromium-audio-recvonly.sdp"));
            using var answer = await client.PostAsJsonAsync($"/api/sessions/{id}/audio/webrtc", new { sdp = offer, type = "offer" });
            var body = await answer.Content.ReadAsStringAsync();
            Assert.True(answer.IsSuccessStatusCode, body);
            Assert.Contains("a=ice-lite", body, StringComparison.Ordinal);
        }
        finally
        {
            await Posix.TerminateAsync(process);
        }
    }

    private static async Task WaitUntilServingAsync(HttpClient client, Process process, System.Collections.Concurrent.ConcurrentQueue<string> output)
    {
        // The command builds the host first; a warm build takes seconds, a cold one a minute or two.
        var deadline = DateTime.UtcNow.AddMinutes(4);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(process.HasExited, "The run command exited:\n" + string.Join('\n', output));
            try
            {
                using var response = await client.GetAsync("/api/health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(500);
        }

        Assert.Fail("The run command did not serve within 4 minutes:\n" + string.Join('\n', output));
    }

    private static string FirstReadmeCommand(string root)
    {
        var lines = File.ReadAllLines(Path.Combine(root, "README.md"));
        var fence = Array.FindIndex(lines, line => line.StartsWith("```", StringComparison.Ordinal));
        var command = lines[fence + 1];
        var comment = command.IndexOf('#', StringComparison.Ordinal);
        return (comment >= 0 ? command[..comment] : command).Trim();
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Orchestron.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Not inside the repository.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
