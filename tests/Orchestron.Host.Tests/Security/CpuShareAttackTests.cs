using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orchestron.Host.Tests.Support;
using Xunit.Abstractions;

namespace Orchestron.Host.Tests.Security;

/// <summary>
/// What the render pool does with a session that costs more than its share of the CPU: it is held, then failed
/// with the reason in its state; and a start is refused by what the running sessions were measured to cost, not
/// by how many there are.
/// </summary>
public sealed class CpuShareAttackTests(ITestOutputHelper output)
{
    /// <summary>Long enough for a session's start-up window and two more to end, with a second to spare.</summary>
    private static readonly TimeSpan SettlingTime = TimeSpan.FromSeconds(2.5);

    [Fact]
    public async Task A_session_held_to_its_cpu_share_for_the_set_time_is_failed_with_the_reason_and_the_others_play_on()
    {
        // 0.012 of a core: an idle library session stays within it, one sounding two dozen voices does not.
        await using var host = await RunningHost.StartAsync(null, "--session-cpu-share", "0.012", "--session-over-share-seconds", "2");
        var (quietId, quiet) = await CreateAndStartAsync(host, 60, "velvet-pad");
        var (loudId, loud) = await CreateAndStartAsync(host, 61, "analog-poly");
        await Task.Delay(TimeSpan.FromSeconds(1));

        await NoteOnsAsync(loud, loudId, 60);
        JsonElement session = default;
        for (var waited = 0; waited < 150; waited++)
        {
            session = JsonDocument.Parse(await loud.GetStringAsync($"/api/sessions/{loudId}")).RootElement.Clone();
            if (session.GetProperty("state").GetString() != "running")
            {
                break;
            }

            await Task.Delay(100);
        }

        var quietSession = JsonDocument.Parse(await quiet.GetStringAsync($"/api/sessions/{quietId}")).RootElement;
        output.WriteLine($"loud: {session}; quiet: {quietSession}");
        Assert.Equal("failed", session.GetProperty("state").GetString());
        Assert.Contains("share of the render pool", session.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("running", quietSession.GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_start_is_refused_with_503_when_the_running_sessions_measured_cost_and_the_new_ones_estimate_exceed_the_pool()
    {
        // The measured admission (auto), on a pool that holds 0.05 of a core: about ten idle sessions' worth.
        await using var host = await RunningHost.StartAsync(null, "--max-playing-sessions", "auto", "--render-pool-cores", "0.05");
        // Admission counts a session by what it settles to: the smaller of two half-second windows after its first.
        var first = await CreateAndStartAsync(host, 62, "analog-poly");
        await Task.Delay(SettlingTime);
        var second = await CreateAndStartAsync(host, 63, "analog-poly");
        await Task.Delay(SettlingTime);

        // Two idle sessions leave room for a third.
        var (thirdId, third) = await CreateAsync(host, 64, "velvet-pad");
        using (var admitted = await third.PostAsync($"/api/sessions/{thirdId}/start", null))
        {
            Assert.True(admitted.IsSuccessStatusCode, $"{(int)admitted.StatusCode}: {await admitted.Content.ReadAsStringAsync()}");
        }

        (await third.PostAsync($"/api/sessions/{thirdId}/stop", null)).EnsureSuccessStatusCode();

        // The same two sessions, each sounding two dozen held voices, cost several times more: the same start is refused.
        await NoteOnsAsync(first.Owner, first.Id, 60);
        await NoteOnsAsync(second.Owner, second.Id, 60);
        await Task.Delay(SettlingTime);
        using var refused = await third.PostAsync($"/api/sessions/{thirdId}/start", null);
        var problem = await refused.Content.ReadAsStringAsync();
        output.WriteLine($"{(int)refused.StatusCode}: {problem}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains("sessions rendering use", problem, StringComparison.Ordinal);
        Assert.NotNull(refused.Headers.RetryAfter);
    }

    private static async Task<(string Id, HttpClient Owner)> CreateAsync(RunningHost host, int address, string instrument)
    {
        using var creator = LoopbackAddressClient.Create(host, address);
        using var created = await creator.PostAsJsonAsync("/api/sessions", new { instrument });
        var session = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (session.GetProperty("id").GetString()!, LoopbackAddressClient.Create(host, address, session.GetProperty("controlToken").GetString()));
    }

    private static async Task<(string Id, HttpClient Owner)> CreateAndStartAsync(RunningHost host, int address, string instrument)
    {
        var (id, owner) = await CreateAsync(host, address, instrument);
        using var started = await owner.PostAsync($"/api/sessions/{id}/start", null);
        Assert.True(started.IsSuccessStatusCode, $"{(int)started.StatusCode}: {await started.Content.ReadAsStringAsync()}");
        return (id, owner);
    }

    /// <summary>Held note-ons at distinct pitches, velocity 127, within the session's note rate (a second's burst).</summary>
    private static async Task NoteOnsAsync(HttpClient owner, string id, int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var response = await owner.PostAsJsonAsync($"/api/sessions/{id}/midi-event", new { message = new[] { 144, 30 + i, 127 }, delayMs = 0 });
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return;
            }

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
    }
}
