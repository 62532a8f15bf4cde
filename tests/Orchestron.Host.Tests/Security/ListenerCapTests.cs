using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text;
using System.Text.Json;
using Orchestron.Host.Sessions;
using Orchestron.Host.Tests.Support;

namespace Orchestron.Host.Tests.Security;

/// <summary>
/// <c>--max-listeners-per-session</c> is the stream's own cap as well as the API's: a host set above the sender's
/// library default (64) serves that many, and one set below it is held there by the sender itself, whichever way
/// the session's Csound runs.
/// </summary>
public sealed class ListenerCapTests
{
    private static readonly string ChromiumOffer = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "chromium-audio-recvonly.sdp"));

    [Fact]
    public async Task A_host_set_to_seventy_listeners_serves_seventy_and_refuses_the_seventy_first()
    {
        await using var host = await RunningHost.StartAsync(
            null, "--max-listeners-per-session", "70", "--rate-limit-negotiations-per-minute", "0", "--max-pending-listeners-per-address", "70");
        var id = (await host.CreateSessionAsync(new { instrument = "nocturne" })).GetProperty("id").GetString();
        (await host.Client.PostAsync($"/api/sessions/{id}/start", null)).EnsureSuccessStatusCode();

        for (var i = 0; i < 70; i++)
        {
            using var accepted = await Offer(host, id);
            Assert.True(accepted.StatusCode == HttpStatusCode.Created, $"offer {i + 1}: {(int)accepted.StatusCode} {await accepted.Content.ReadAsStringAsync()}");
        }

        using var refused = await Offer(host, id);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        // Refused by the host's own count at its setting, not by a smaller cap further down.
        Assert.Equal("Too many listeners", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString());
        Assert.Equal(70, host.Services.GetRequiredService<SessionManager>().Get(id!).Stream!.Sender!.ListenerCount);
    }

    [Theory]
    [InlineData("in-process")]
    [InlineData("sandbox")]
    public async Task The_sender_itself_holds_a_session_to_three_listeners(string isolation)
    {
        await using var host = await RunningHost.StartAsync(null, "--max-listeners-per-session", "3", "--isolation", isolation);
        var session = await host.CreateSessionAsync(new { instrument = "nocturne" });
        Assert.Equal(isolation, session.GetProperty("isolation").GetString());
        var id = session.GetProperty("id").GetString()!;
        (await host.Client.PostAsync($"/api/sessions/{id}/start", null)).EnsureSuccessStatusCode();

        // Past the API's admission, straight to the session's stream: only the sender's own cap stands in the way.
        var listeners = host.Services.GetRequiredService<SessionListeners>();
        for (var i = 0; i < 3; i++)
        {
            listeners.AcceptOffer(id, ChromiumOffer);
        }

        var refused = Assert.Throws<SessionException>(() => listeners.AcceptOffer(id, ChromiumOffer));
        Assert.Equal(SessionProblem.Conflict, refused.Problem);
        Assert.Contains("maximum of 3 listeners", refused.Message, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> Offer(RunningHost host, string? id) =>
        host.Client.PostAsync($"/api/sessions/{id}/audio/whep", new StringContent(ChromiumOffer, Encoding.UTF8, "application/sdp"));
}
