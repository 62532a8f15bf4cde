using System.Net.Http.Json;
using System.Text.Json;

namespace Orchestron.Host.Tests.Layouts;

/// <summary>
/// The README's first command, started as a newcomer would (with the switches that accept CSD text): it serves the
/// client, answers an offer, and its sandbox plays the operator's CSD.
/// </summary>
[Collection(HostBuildCollection.Name)]
public sealed class ReadmeRunCommandTests
{
    [Fact]
    public async Task The_readmes_run_command_serves_the_client_answers_an_offer_and_plays_csd_in_the_sandbox()
    {
        var root = ShippedHost.RepositoryRoot();
        var command = FirstReadmeCommand(root);
        Assert.Equal("bash scripts/run.sh", command);
        // The command builds the host first; a warm build takes seconds, a cold one a minute or two.
        await using var host = await ShippedHost.StartAsync(
            "bash", [.. command.Split(' ')[1..], .. ShippedHost.NetworkCsdArguments], root, TimeSpan.FromMinutes(4));
        var client = host.Client;

        var page = await client.GetStringAsync("/client/");
        Assert.Contains("Orchestron", page, StringComparison.Ordinal);
        // With network CSD on, creating sessions is the operator's.
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/sessions") { Content = JsonContent.Create(new { }) };
        create.Headers.Authorization = new("Bearer", ShippedHost.OperatorToken);
        var session = await (await client.SendAsync(create)).Content.ReadFromJsonAsync<JsonElement>();
        var id = session.GetProperty("id").GetString();
        using var start = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{id}/start");
        start.Headers.Authorization = new("Bearer", session.GetProperty("controlToken").GetString());
        (await client.SendAsync(start)).EnsureSuccessStatusCode();
        var offer = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "chromium-audio-recvonly.sdp"));
        using var negotiate = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{id}/audio/webrtc")
        {
            Content = JsonContent.Create(new { sdp = offer, type = "offer" }),
        };
        negotiate.Headers.Authorization = start.Headers.Authorization;
        using var answer = await client.SendAsync(negotiate);
        var body = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.IsSuccessStatusCode, body);
        Assert.Contains("a=ice-lite", body, StringComparison.Ordinal);

        await SandboxedPlayback.AssertCsdPlaysSandboxedAsync(host);
    }

    /// <summary>The README's first fenced line, without its comment.</summary>
    private static string FirstReadmeCommand(string root)
    {
        var lines = File.ReadAllLines(Path.Combine(root, "README.md"));
        var fence = Array.FindIndex(lines, line => line.StartsWith("```", StringComparison.Ordinal));
        var command = lines[fence + 1];
        var comment = command.IndexOf('#', StringComparison.Ordinal);
        return (comment >= 0 ? command[..comment] : command).Trim();
    }
}
