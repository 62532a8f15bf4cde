using System.Net;
using System.Text;
using System.Text.Json;
using Orchestron.Host.Tests.Support;

namespace Orchestron.Host.Tests.Security;

/// <summary>
/// A listen link is meant to be shared: its holders may listen, but not read who else listens, and one
/// session's audience is capped.
/// </summary>
public sealed class ListenerAttackTests
{
    private static readonly string ChromiumOffer = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "chromium-audio-recvonly.sdp"));

    [Fact]
    public async Task A_listen_token_listens_over_whep_and_json_but_sees_no_listeners_in_the_statistics()
    {
        await using var host = await RunningHost.StartAsync();
        var session = await host.CreateSessionAsync(new { instrument = "nocturne" });
        var id = session.GetProperty("id").GetString();
        (await host.Client.PostAsync($"/api/sessions/{id}/start", null)).EnsureSuccessStatusCode();
        using var guest = host.NewClient(session.GetProperty("listenToken").GetString());

        using var whep = await guest.PostAsync($"/api/sessions/{id}/audio/whep", new StringContent(ChromiumOffer, Encoding.UTF8, "application/sdp"));
        using var json = await guest.PostAsync($"/api/sessions/{id}/audio/webrtc", JsonBody(new { sdp = ChromiumOffer, type = "offer" }));
        var guestView = JsonDocument.Parse(await guest.GetStringAsync($"/api/sessions/{id}/audio/stats")).RootElement;
        var ownerView = JsonDocument.Parse(await host.Client.GetStringAsync($"/api/sessions/{id}/audio/stats")).RootElement;

        Assert.Equal(HttpStatusCode.Created, whep.StatusCode);
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal(0, guestView.GetProperty("listeners").GetArrayLength());
        Assert.Equal(2, ownerView.GetProperty("listeners").GetArrayLength());
        Assert.Equal(HttpStatusCode.NoContent, (await guest.DeleteAsync(whep.Headers.Location!.OriginalString)).StatusCode);
    }

    [Fact]
    public async Task Past_the_listener_cap_an_offer_is_409()
    {
        await using var host = await RunningHost.StartAsync(null, "--max-listeners-per-session", "2");
        var id = (await host.CreateSessionAsync(new { instrument = "nocturne" })).GetProperty("id").GetString();
        (await host.Client.PostAsync($"/api/sessions/{id}/start", null)).EnsureSuccessStatusCode();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await host.Client.PostAsync($"/api/sessions/{id}/audio/whep", new StringContent(ChromiumOffer, Encoding.UTF8, "application/sdp"));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Conflict, HttpStatusCode.Conflict], statuses);
    }

    private static StringContent JsonBody(object body) =>
        new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
}
