using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Orchestron.Host.Tests.Support;
using Orchestron.Testing;
using Xunit.Abstractions;

namespace Orchestron.Host.Tests.Security;

/// <summary>
/// Offers that never connect, sent with a shared listen link: plausible ICE credentials and fingerprints (each from
/// a real client-side ICE and DTLS stack that then never checks connectivity). They must not keep a real listener
/// out of the session.
/// </summary>
public sealed class DanglingOfferAttackTests(ITestOutputHelper output)
{
    /// <summary>How much audio the real listener records once it hears the first frame.</summary>
    private const double RecordedSeconds = 0.5;

    [Fact]
    public async Task After_eight_dangling_offers_from_eight_addresses_a_real_aiortc_listener_hears_audio_within_five_seconds()
    {
        await using var host = await RunningHost.StartAsync();
        var session = await host.CreateSessionAsync(new { instrument = "nocturne" });
        var id = session.GetProperty("id").GetString();
        var listenToken = session.GetProperty("listenToken").GetString();
        (await host.Client.PostAsync($"/api/sessions/{id}/start", null)).EnsureSuccessStatusCode();
        await using var peer = AiortcListener.Start(seconds: RecordedSeconds);
        var offer = await peer.ReadMessageAsync(TimeSpan.FromSeconds(30));

        var dangling = Enumerable.Range(0, 8).Select(_ => new LoopbackListener()).ToList();
        try
        {
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < dangling.Count; i++)
            {
                using var stranger = LoopbackAddressClient.Create(host, 20 + i, listenToken);
                using var response = await stranger.PostAsync($"/api/sessions/{id}/audio/whep", Sdp(dangling[i].Offer()));
                statuses.Add(response.StatusCode);
            }

            var clock = Stopwatch.StartNew();
            using var negotiated = await host.Client.PostAsJsonAsync($"/api/sessions/{id}/audio/webrtc", new { sdp = offer.GetProperty("sdp").GetString(), type = "offer" });
            var answer = await negotiated.Content.ReadAsStringAsync();
            Assert.True(negotiated.StatusCode == HttpStatusCode.OK, $"{(int)negotiated.StatusCode}: {answer}");
            await peer.SendAnswerAsync(JsonDocument.Parse(answer).RootElement.GetProperty("sdp").GetString()!);
            var done = await peer.ReadUntilDoneAsync(TimeSpan.FromSeconds(30));
            var heardAfter = clock.Elapsed - TimeSpan.FromSeconds(RecordedSeconds);
            output.WriteLine($"dangling offers: {string.Join(", ", statuses)}; the real listener heard audio {heardAfter.TotalMilliseconds:0} ms after its offer; {done}");

            Assert.All(statuses, status => Assert.Equal(HttpStatusCode.Created, status));
            Assert.True(done.GetProperty("frames").GetInt32() > 0, done.ToString());
            Assert.True(heardAfter < TimeSpan.FromSeconds(5), $"the real listener heard audio only {heardAfter} after its offer");
        }
        finally
        {
            dangling.ForEach(listener => listener.Dispose());
        }
    }

    [Fact]
    public async Task One_address_keeps_two_offers_connecting_and_they_are_dropped_after_the_connect_time()
    {
        await using var host = await RunningHost.StartAsync(null, "--listener-connect-seconds", "2");
        var session = await host.CreateSessionAsync(new { instrument = "nocturne" });
        var id = session.GetProperty("id").GetString();
        (await host.Client.PostAsync($"/api/sessions/{id}/start", null)).EnsureSuccessStatusCode();
        using var stranger = LoopbackAddressClient.Create(host, 30, session.GetProperty("listenToken").GetString());

        var dangling = Enumerable.Range(0, 8).Select(_ => new LoopbackListener()).ToList();
        try
        {
            var responses = new List<HttpResponseMessage>();
            foreach (var listener in dangling)
            {
                responses.Add(await stranger.PostAsync($"/api/sessions/{id}/audio/whep", Sdp(listener.Offer())));
            }

            var listed = await ListenerCount(host, id);
            var clock = Stopwatch.StartNew();
            while (await ListenerCount(host, id) > 0 && clock.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(200);
            }

            output.WriteLine($"dropped {clock.Elapsed.TotalMilliseconds:0} ms after the offers");
            Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
            var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
            Assert.Equal(6, refused.Count);
            Assert.Contains("VISUALCSOUND_MAX_PENDING_LISTENERS_PER_ADDRESS", await refused[0].Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(2, listed);
            Assert.Equal(0, await ListenerCount(host, id));
        }
        finally
        {
            dangling.ForEach(listener => listener.Dispose());
        }
    }

    private static StringContent Sdp(string sdp) => new(sdp, Encoding.UTF8, "application/sdp");

    /// <summary>The session's listeners as its owner sees them (a listen link sees none).</summary>
    private static async Task<int> ListenerCount(RunningHost host, string? id) =>
        JsonDocument.Parse(await host.Client.GetStringAsync($"/api/sessions/{id}/audio/stats")).RootElement.GetProperty("listeners").GetArrayLength();
}
