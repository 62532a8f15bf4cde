using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Orchestron.Host.Tests.Support;
using Orchestron.Testing;

namespace Orchestron.Host.Tests.Security;

/// <summary>
/// Aiming a session's media at someone else through a running host. Whoever made an offer holds its ICE password
/// and can forge an authenticated check with USE-CANDIDATE from any address it can spoof; a socket on 127.0.0.2
/// stands in for the victim that check names, and never answers, as a victim would not.
/// </summary>
public sealed partial class MediaRedirectAttackTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_forged_nomination_naming_another_address_sends_it_no_media_while_the_listener_keeps_hearing()
    {
        await using var host = await RunningHost.StartAsync();
        var id = await StartSessionAsync(host);
        using var listener = new LoopbackListener();
        var answer = await NegotiateAsync(host, id, listener);
        await WaitForMediaAsync(listener);

        using var victim = new CountingSocket(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
        var media = MediaEndPoint(answer);
        var before = Interlocked.Read(ref listener.MediaPackets);
        for (var i = 0; i < 20; i++)
        {
            victim.Socket.SendTo(BindingRequests.Create(listener.CheckUsername, listener.ServerPassword, useCandidate: true), media);
            await Task.Delay(100);
        }

        await Task.Delay(1000);

        Assert.Equal(0, victim.MediaDatagrams);
        Assert.True(victim.StunDatagrams > 0, "the named address should have been asked whether it wants the stream");
        Assert.True(Interlocked.Read(ref listener.MediaPackets) > before + 100, "the real listener's media should go on");
        Assert.Equal(0, Interlocked.Read(ref listener.SequenceGaps));
    }

    [Fact]
    public async Task A_check_valid_for_ones_own_listener_cannot_claim_the_address_of_another_listener()
    {
        await using var host = await RunningHost.StartAsync();
        var id = await StartSessionAsync(host);
        using var victim = new LoopbackListener();
        using var attacker = new LoopbackListener();
        await NegotiateAsync(host, id, victim);
        await NegotiateAsync(host, id, attacker);
        await WaitForMediaAsync(victim);
        await WaitForMediaAsync(attacker);

        // The attacker's own credentials, sent from the victim's address (as a spoofer would send them).
        var before = Interlocked.Read(ref victim.MediaPackets);
        for (var i = 0; i < 20; i++)
        {
            victim.SendRaw(BindingRequests.Create(attacker.CheckUsername, attacker.ServerPassword, useCandidate: true));
            await Task.Delay(100);
        }

        await Task.Delay(1000);

        // Had the attacker's stream been moved there, the victim would see packets its SRTP keys cannot open.
        Assert.Equal(0, Interlocked.Read(ref victim.AuthenticationFailures));
        Assert.Equal(0, Interlocked.Read(ref victim.SequenceGaps));
        Assert.True(Interlocked.Read(ref victim.MediaPackets) > before + 100);
        Assert.True(attacker.IsConnected);
    }

    private static async Task<string> StartSessionAsync(RunningHost host)
    {
        var id = (await host.CreateSessionAsync(new { instrument = "nocturne" })).GetProperty("id").GetString()!;
        (await host.Client.PostAsync($"/api/sessions/{id}/start", null)).EnsureSuccessStatusCode();
        return id;
    }

    private static async Task<string> NegotiateAsync(RunningHost host, string id, LoopbackListener listener)
    {
        using var response = await host.Client.PostAsJsonAsync($"/api/sessions/{id}/audio/webrtc", new { sdp = listener.Offer(), type = "offer" });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        var answer = JsonDocument.Parse(text).RootElement.GetProperty("sdp").GetString()!;
        listener.Start(answer);
        return answer;
    }

    private static async Task WaitForMediaAsync(LoopbackListener listener)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (Interlocked.Read(ref listener.MediaPackets) < 10)
        {
            Assert.True(DateTime.UtcNow < deadline, "the listener never received media");
            await Task.Delay(50);
        }
    }

    /// <summary>The host candidate of the answer: where the host takes checks.</summary>
    private static IPEndPoint MediaEndPoint(string answer)
    {
        var candidate = HostCandidate().Match(answer);
        Assert.True(candidate.Success, answer);
        return new IPEndPoint(IPAddress.Parse(candidate.Groups["address"].Value), int.Parse(candidate.Groups["port"].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"a=candidate:\S+ 1 udp \d+ (?<address>[\d.]+) (?<port>\d+) typ host")]
    private static partial Regex HostCandidate();
}
