using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orchestron.Host.Tests.Support;

namespace Orchestron.Host.Tests.Security;

/// <summary>
/// CSD that runs a shell command (system_i) sent to a running host: refused whole unless the operator
/// enabled network CSD, and even then refused without the operator token; from the operator it runs, but in a
/// sandboxed worker. The file the command would write must never appear.
/// </summary>
public sealed class NetworkCsdAttackTests
{
    [Fact]
    public async Task With_network_csd_off_a_system_i_csd_gets_403_naming_the_setting_and_runs_nothing()
    {
        var marker = MarkerPath();
        await using var host = await RunningHost.StartAsync();

        using var response = await host.PostCreateAsync(new { csd = CommandCsd(marker) });

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("--allow-network-csd", body, StringComparison.Ordinal);
        Assert.Contains("VISUALCSOUND_ALLOW_NETWORK_CSD", body, StringComparison.Ordinal);
        Assert.Equal(0, Attack.SessionCount(host));
        await Task.Delay(500);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task With_network_csd_on_a_system_i_csd_without_the_operator_token_runs_nothing()
    {
        var marker = MarkerPath();
        await using var host = await RunningHost.StartWithNetworkCsdAsync();
        var attempts = new (string? Token, HttpStatusCode Expected)[]
        {
            (null, HttpStatusCode.Unauthorized),
            ("guessed-operator-token-000000000000000", HttpStatusCode.Forbidden),
            (RunningHost.OperatorToken[..^1], HttpStatusCode.Forbidden),
        };

        var gotThrough = 0;
        foreach (var (token, expected) in attempts)
        {
            using var response = await host.PostCreateAsync(new { csd = CommandCsd(marker) }, token);
            Assert.Equal(expected, response.StatusCode);
            gotThrough += Attack.Succeeded(response) ? 1 : 0;
        }

        Assert.Equal(0, gotThrough);
        Assert.Equal(0, Attack.SessionCount(host));
        await Task.Delay(500);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task The_same_csd_from_the_operator_runs_sandboxed_plays_and_its_command_reaches_nothing_on_the_host()
    {
        var marker = MarkerPath();
        try
        {
            await using var host = await RunningHost.StartWithNetworkCsdAsync();
            var created = await host.CreateSessionAsync(new { csd = CommandCsd(marker) }, asOperator: true);
            var id = created.GetProperty("id").GetString();
            (await host.Client.PostAsync($"/api/sessions/{id}/start", null)).EnsureSuccessStatusCode();
            await Task.Delay(1500);

            var session = await host.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}");
            Assert.Equal("sandbox", created.GetProperty("isolation").GetString());
            Assert.Equal("running", session.GetProperty("state").GetString());
            Assert.False(File.Exists(marker), "the command ran on the host");
        }
        finally
        {
            File.Delete(marker);
        }
    }

    [Fact]
    public async Task A_csd_that_does_not_compile_in_the_sandbox_gets_422_with_csound_messages()
    {
        await using var host = await RunningHost.StartWithNetworkCsdAsync();

        using var response = await host.PostCreateAsync(
            new { csd = CommandCsd(MarkerPath()).Replace("system_i", "no_such_opcode", StringComparison.Ordinal) }, RunningHost.OperatorToken);

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("no_such_opcode", body, StringComparison.Ordinal);
        Assert.Equal(0, Attack.SessionCount(host));
    }

    private static string MarkerPath() => Path.Combine(Path.GetTempPath(), $"orchestron-pwned-{Guid.NewGuid():N}");

    /// <summary>The attack: an instrument whose init pass runs a shell command.</summary>
    private static string CommandCsd(string marker) => $"""
        <CsoundSynthesizer>
        <CsInstruments>
        nchnls = 2
        0dbfs = 1
        instr 1
          ires system_i 1, "id > {marker}"
        endin
        </CsInstruments>
        <CsScore>
        i 1 0 1
        f 0 z
        </CsScore>
        </CsoundSynthesizer>
        """;
}
