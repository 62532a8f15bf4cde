using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orchestron.Host.Control;
using Orchestron.Host.Tests.Support;
using Orchestron.Testing;
using Xunit.Abstractions;

namespace Orchestron.Host.Tests.Control;

/// <summary>
/// The control data channel against the running host with a real peer (aiortc): notes played over it are heard in
/// the audio, a listen token's holder gets no channel, and the HTTP API's rate limits hold on it.
/// </summary>
public sealed class ControlChannelPeerTests(ITestOutputHelper output)
{
    // analog-poly is silent until a note is played, so sound in the audio proves the note reached Csound.
    private const string SilentUntilPlayed = "analog-poly";

    [Fact]
    public async Task Notes_played_on_the_control_channel_are_heard_and_a_ping_comes_back()
    {
        await using var host = await RunningHost.StartAsync();
        var id = await StartSessionAsync(host);
        var steps = new[]
        {
            Step(1.0, ControlBytes.Ping(1, 0xCAFE_F00D_0000_0001)),
            Step(1.0, ControlBytes.Channel(2, "cutoff", 4000)),
            Step(1.2, ControlBytes.Channel(7, "cutoff", double.NaN), ControlBytes.Channel(8, "cutoff", 1e9), ControlBytes.Channel(9, "nosuch", 1)),
            Step(1.5, ControlBytes.NoteOn(3, 60, 110), ControlBytes.NoteOn(4, 67, 110)),
            Step(3.0, ControlBytes.NoteOff(5, 60), ControlBytes.NoteOff(6, 67)),
        };

        var done = await RunPeerAsync(id, host.Client, steps, seconds: 4.5);

        var channel = done.GetProperty("channel");
        var replies = Replies(channel);
        Assert.True(channel.GetProperty("openedAt").ValueKind == JsonValueKind.Number, done.ToString());
        Assert.Equal(JsonValueKind.Null, channel.GetProperty("closedAt").ValueKind);
        Assert.Equal("018600" + "01" + "cafef00d00000001", replies[0]);
        // The HTTP API's own refusals: a value that is not finite or out of range (400), an undeclared channel (404).
        Assert.Equal(
            [(7, ControlError.Invalid), (8, ControlError.Invalid), (9, ControlError.NotFound)],
            Errors(channel).Select(e => (e.Tag, e.Error)).Order().ToArray());
        Assert.Equal(4, replies.Count);
        var before = Loudest(done, 0.3, 1.4);
        var during = Loudest(done, 1.6, 2.9);
        output.WriteLine($"loudest frame before the notes {before:0.00000}, while they sound {during:0.00000}");
        Assert.True(before < 0.001, $"the session sounded before any note: {before}");
        Assert.True(during > 0.01, $"the notes were not heard: {during}");

        var stats = await host.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}/audio/stats");
        Assert.Equal(2, stats.GetProperty("noteOns").GetProperty("accepted").GetInt64());
    }

    [Fact]
    public async Task A_listen_tokens_holder_has_its_control_channel_closed_and_its_notes_never_play()
    {
        await using var host = await RunningHost.StartAsync();
        var session = await host.CreateSessionAsync(new { instrument = SilentUntilPlayed });
        var id = session.GetProperty("id").GetString()!;
        (await host.Client.PostAsync($"/api/sessions/{id}/start", null)).EnsureSuccessStatusCode();
        using var listener = host.NewClient(session.GetProperty("listenToken").GetString());

        var done = await RunPeerAsync(id, listener, [Step(1.0, ControlBytes.NoteOn(1, 60, 110))], seconds: 2.5);

        var channel = done.GetProperty("channel");
        Assert.True(channel.GetProperty("closedAt").ValueKind == JsonValueKind.Number, done.ToString());
        Assert.Equal("closed", channel.GetProperty("stateAtEnd").GetString());
        Assert.Equal(0, channel.GetProperty("sent").GetInt32());
        // The audio is the listener's right: it keeps flowing.
        Assert.Equal("connected", done.GetProperty("connectionState").GetString());
        Assert.True(done.GetProperty("levels").GetArrayLength() > 50, done.ToString());
        var stats = await host.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}/audio/stats");
        Assert.Equal(0, stats.GetProperty("noteOns").GetProperty("accepted").GetInt64());
    }

    [Fact]
    public async Task The_sessions_note_rate_and_panic_throttle_hold_on_the_channel()
    {
        await using var host = await RunningHost.StartAsync(null, "--max-note-ons-per-second", "5");
        var id = await StartSessionAsync(host);
        var notes = Enumerable.Range(0, 20).Select(i => ControlBytes.NoteOn((ushort)(100 + i), 40 + i, 90, delayMs: 0)).ToArray();
        var panics = Enumerable.Range(0, 8).Select(i => ControlBytes.Panic((ushort)(200 + i))).ToArray();

        var done = await RunPeerAsync(id, host.Client, [Step(1.0, notes), Step(1.6, panics)], seconds: 2.5);

        var errors = Errors(done.GetProperty("channel"));
        var refusedNotes = errors.Count(e => e.Tag is >= 100 and < 120 && e.Error == ControlError.TooManyRequests);
        var refusedPanics = errors.Count(e => e.Tag is >= 200 and < 208 && e.Error == ControlError.TooManyRequests);
        output.WriteLine($"{refusedNotes} of 20 note-ons and {refusedPanics} of 8 panics refused");
        // A bucket of 5 refills at 5 a second: at most one more place frees while the burst arrives.
        Assert.InRange(refusedNotes, 14, 15);
        Assert.Equal(8 - Orchestron.Host.Sessions.PanicThrottle.PerSecond, refusedPanics);
        // As over HTTP: a refused note-on says when the next would pass; a refused panic does not (the notes are off).
        Assert.All(errors.Where(e => e.Tag < 200), e => Assert.True(e.RetrySeconds >= 1, $"refusal of {e.Tag} gives no retry time"));
        var stats = await host.Client.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}/audio/stats");
        Assert.Equal(20 - refusedNotes, stats.GetProperty("noteOns").GetProperty("accepted").GetInt64());
    }

    [Fact]
    public async Task The_channel_draws_on_the_same_control_bucket_as_the_addresss_http_requests()
    {
        await using var host = await RunningHost.StartAsync(null, "--rate-limit-control-per-minute", "60");
        var id = await StartSessionAsync(host);
        // The address spends its whole minute over HTTP...
        var httpAccepted = 0;
        for (var i = 0; i < 61; i++)
        {
            using var response = await host.Client.PostAsJsonAsync($"/api/sessions/{id}/midi-event", new { message = new[] { 0x80, 60, 0 } });
            httpAccepted += response.StatusCode == HttpStatusCode.Accepted ? 1 : 0;
        }

        // ... so the channel's messages soon after find the bucket nearly empty (it refills one a second).
        var offs = Enumerable.Range(0, 30).Select(i => ControlBytes.NoteOff((ushort)i, 60)).ToArray();
        var done = await RunPeerAsync(id, host.Client, [Step(0.5, offs)], seconds: 1.0);

        var refused = Errors(done.GetProperty("channel")).Count(e => e.Error == ControlError.TooManyRequests);
        output.WriteLine($"HTTP: {httpAccepted} of 61 accepted; channel: {refused} of 30 note-offs refused");
        Assert.InRange(httpAccepted, 60, 61);
        Assert.True(refused >= 15, $"only {refused} of 30 channel messages were refused after HTTP had spent the bucket");
    }

    [Fact]
    public async Task Malformed_messages_are_refused_then_the_channel_closes_and_the_audio_and_the_session_go_on()
    {
        await using var host = await RunningHost.StartAsync();
        var id = await StartSessionAsync(host);
        var random = new Random(8831);
        var garbage = Enumerable.Range(0, ControlChannelConnection.MalformedLimit).Select(i =>
        {
            var bytes = new byte[random.Next(4, 90)];
            random.NextBytes(bytes);
            bytes[0] = (byte)(i % 2 == 0 ? 1 : 9);
            bytes[1] = 0x7F;
            bytes[2] = 0;
            bytes[3] = (byte)i;
            return bytes;
        }).ToArray();

        var done = await RunPeerAsync(id, host.Client, [Step(1.0, garbage), Step(1.5, ControlBytes.NoteOn(99, 60))], seconds: 3.0);

        var channel = done.GetProperty("channel");
        var errors = Errors(channel);
        Assert.Equal(ControlChannelConnection.MalformedLimit, errors.Count);
        Assert.All(errors, e => Assert.True(e.Error is ControlError.Malformed or ControlError.UnsupportedVersion, e.ToString()));
        Assert.True(channel.GetProperty("closedAt").ValueKind == JsonValueKind.Number, done.ToString());
        Assert.Equal("connected", done.GetProperty("connectionState").GetString());
        Assert.True(done.GetProperty("levels").EnumerateArray().Count(l => l[0].GetDouble() > 2.0) > 25, "the audio stopped with the channel");
        using var note = await host.Client.PostAsJsonAsync($"/api/sessions/{id}/midi-event", new { message = new[] { 0x90, 60, 100 } });
        Assert.Equal(HttpStatusCode.Accepted, note.StatusCode);
    }

    private static async Task<string> StartSessionAsync(RunningHost host)
    {
        var session = await host.CreateSessionAsync(new { instrument = SilentUntilPlayed });
        var id = session.GetProperty("id").GetString()!;
        (await host.Client.PostAsync($"/api/sessions/{id}/start", null)).EnsureSuccessStatusCode();
        return id;
    }

    private static object Step(double at, params byte[][] messages) =>
        new { at, send = messages.Select(Convert.ToHexStringLower).ToArray() };

    private async Task<JsonElement> RunPeerAsync(string id, HttpClient negotiator, object[] steps, double seconds)
    {
        var stepsPath = Path.Combine(Path.GetTempPath(), $"orchestron-control-steps-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(stepsPath, JsonSerializer.Serialize(steps));
        await using var peer = AiortcListener.StartWithControl(stepsPath, seconds);
        var offer = await peer.ReadMessageAsync(TimeSpan.FromSeconds(30));
        using var negotiated = await negotiator.PostAsJsonAsync(
            $"/api/sessions/{id}/audio/webrtc", new { sdp = offer.GetProperty("sdp").GetString(), type = "offer" });
        var answer = JsonDocument.Parse(await negotiated.Content.ReadAsStringAsync()).RootElement.Clone();
        Assert.True(negotiated.StatusCode == HttpStatusCode.OK, answer.ToString());
        await peer.SendAnswerAsync(answer.GetProperty("sdp").GetString()!);
        var done = await peer.ReadUntilDoneAsync(TimeSpan.FromSeconds(60));
        Assert.False(done.TryGetProperty("error", out var error), error.ToString() + peer.StandardError);
        output.WriteLine($"channel: {done.GetProperty("channel")}");
        return done;
    }

    private static List<string> Replies(JsonElement channel) =>
        [.. channel.GetProperty("received").EnumerateArray().Select(r => r[1].GetString()!)];

    private static List<Refusal> Errors(JsonElement channel) =>
        [.. Replies(channel).Select(Convert.FromHexString).Where(b => b.Length >= 6 && b[1] == 0xEE)
            .Select(b => new Refusal((b[2] << 8) | b[3], (ControlError)b[4], b[5], System.Text.Encoding.UTF8.GetString(b, 6, b.Length - 6)))];

    private static double Loudest(JsonElement done, double from, double to) =>
        done.GetProperty("levels").EnumerateArray()
            .Where(l => l[0].GetDouble() >= from && l[0].GetDouble() <= to)
            .Select(l => l[1].GetDouble())
            .DefaultIfEmpty(double.NaN)
            .Max();

    private sealed record Refusal(int Tag, ControlError Error, int RetrySeconds, string Detail);
}
