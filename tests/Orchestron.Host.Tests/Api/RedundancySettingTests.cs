using System.Net.Http.Json;
using System.Text.Json;
using Orchestron.Host.Tests.Support;

namespace Orchestron.Host.Tests.Api;

/// <summary>
/// The RED distance setting reaches every session's answers (Chromium's offer gets RED by default, or as configured)
/// and the listener's statistics, which say what distance it gets.
/// </summary>
public sealed class RedundancySettingTests
{
    private static readonly string ChromiumOffer = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "chromium-audio-recvonly.sdp"));

    [Theory]
    [InlineData(null, "a=fmtp:63 111/111", 1)]
    [InlineData("2", "a=fmtp:63 111/111/111", 2)]
    [InlineData("0", null, 0)]
    public async Task Chromiums_offer_is_answered_with_the_configured_redundancy(string? distance, string? expectedFmtp, int expectedDistance)
    {
        string[] args = distance is null ? [] : ["--webrtc-audio-red-distance", distance];
        await using var host = await RunningHost.StartAsync(null, args);
        var id = (await host.CreateSessionAsync(new { instrument = "analog-poly" })).GetProperty("id").GetString();
        (await host.Client.PostAsync($"/api/sessions/{id}/start", null)).EnsureSuccessStatusCode();

        using var response = await host.Client.PostAsJsonAsync($"/api/sessions/{id}/audio/webrtc", new { sdp = ChromiumOffer, type = "offer" });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        var sdp = JsonDocument.Parse(body).RootElement.GetProperty("sdp").GetString()!;

        if (expectedFmtp is null)
        {
            Assert.DoesNotContain("red/48000/2", sdp, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("a=rtpmap:63 red/48000/2\r\n", sdp, StringComparison.Ordinal);
            Assert.Contains(expectedFmtp + "\r\n", sdp, StringComparison.Ordinal);
        }

        var statistics = JsonDocument.Parse(await host.Client.GetStringAsync($"/api/sessions/{id}/audio/stats")).RootElement;
        var listener = Assert.Single(statistics.GetProperty("listeners").EnumerateArray());
        Assert.Equal(expectedDistance, listener.GetProperty("redundancyDistance").GetInt32());
        Assert.Equal(0, listener.GetProperty("packetsLost").GetInt64());
    }
}
