using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Orchestron.Host.Api;
using Orchestron.Host.Sessions;
using Orchestron.Host.Tests.Api;
using Orchestron.Host.Tests.Support;

namespace Orchestron.Host.Tests.Sessions;

/// <summary>Each request a client gets wrong is answered with a 4xx problem that says what was wrong, never a 500.</summary>
public sealed class ClientErrorTests
{
    [Theory]
    [InlineData("", "Blank CSD")]
    [InlineData("   \n\t ", "Blank CSD")]
    [InlineData("hello", "Not a CSD")]
    [InlineData("<CsInstruments>\ninstr 1\nendin\n</CsInstruments>", "Not a CSD")]
    [InlineData("<CsoundSynthesizer>\n<CsScore>\ne\n</CsScore>\n</CsoundSynthesizer>", "CSD without an orchestra")]
    public async Task Csd_text_that_is_not_a_csound_file_is_400_naming_what_is_missing(string csd, string title)
    {
        await using var host = await RunningHost.StartWithNetworkCsdAsync();

        using var response = await host.PostCreateAsync(new { csd }, RunningHost.OperatorToken);

        var problem = await Problem(response, HttpStatusCode.BadRequest);
        Assert.Equal(title, problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_body_that_ends_before_its_content_length_is_400()
    {
        // Over a socket, a client that half-closes gets its connection reset rather than any answer; Kestrel's
        // verdict on the body reaches the endpoint as this exception, which must become a 400, not a 500.
        var context = new DefaultHttpContext();
        context.Request.Body = new EndsEarly();
        context.Request.ContentLength = 1000;

        var error = await Assert.ThrowsAsync<SessionException>(() => RequestBody.ReadTextAsync(
            context.Request, 64 * 1024, () => new InvalidOperationException("too large"), CancellationToken.None));

        Assert.Equal(SessionProblem.InvalidRequest, error.Problem);
        Assert.Equal("Incomplete request body", error.Title);
    }

    [Fact]
    public async Task A_body_that_stops_arriving_is_408()
    {
        await using var host = await RunningHost.StartAsync();
        // The body is read only for a request with the session's token; without one the answer comes at once.
        var session = await host.CreateSessionAsync(new { instrument = "nocturne" });
        using var connection = await Connect(host);
        var stream = connection.GetStream();

        // The connection stays open with the rest of the body owed; Kestrel's minimum data rate gives up on it.
        await SendHeadersAndPartOfTheBody(stream, host, session.GetProperty("id").GetString()!, session.GetProperty("controlToken").GetString()!);

        Assert.StartsWith("HTTP/1.1 408", await ReadStatusLine(stream), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { 0x90, 60 }, "Incomplete MIDI message")]
    [InlineData(new[] { 0x80, 60 }, "Incomplete MIDI message")]
    [InlineData(new[] { 0xB0, 7 }, "Incomplete MIDI message")]
    [InlineData(new[] { 0xC0, 5, 1 }, "Incomplete MIDI message")]
    public async Task A_midi_message_without_the_data_bytes_its_status_calls_for_is_400(int[] message, string title)
    {
        await using var host = await RunningHost.StartAsync();
        var id = await StartedSession(host, "nocturne");

        using var response = await host.Client.PostAsJsonAsync($"/api/sessions/{id}/midi-event", new { message });

        Assert.Equal(title, (await Problem(response, HttpStatusCode.BadRequest)).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.PostAsJsonAsync($"/api/sessions/{id}/midi-event", new { message = new[] { 0xC0, 5 } })).StatusCode);
    }

    [Fact]
    public async Task A_channel_the_csd_does_not_declare_is_404_and_lists_the_declared_ones()
    {
        await using var host = await RunningHost.StartAsync();
        var id = await StartedSession(host, "nocturne");

        using var response = await host.Client.PutAsJsonAsync($"/api/sessions/{id}/channels/invented", new { value = 1e308 });

        var problem = await Problem(response, HttpStatusCode.NotFound);
        Assert.Contains("brightness, pattern, reverb", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1e308)]
    [InlineData(-0.5)]
    [InlineData(1.01)]
    public async Task A_value_outside_the_declared_range_is_refused_with_400(double value)
    {
        await using var host = await RunningHost.StartAsync();
        var id = await StartedSession(host, "nocturne");

        using var response = await host.Client.PutAsJsonAsync($"/api/sessions/{id}/channels/reverb", new { value });

        Assert.Contains("from 0 to 1", (await Problem(response, HttpStatusCode.BadRequest)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await host.Client.PutAsJsonAsync($"/api/sessions/{id}/channels/reverb", new { value = 1.0 })).StatusCode);
    }

    [Fact]
    public async Task Channels_a_csd_declares_with_chn_k_or_chnexport_can_be_set_and_audio_channels_cannot()
    {
        await using var host = await RunningHost.StartWithNetworkCsdAsync();
        const string csd = """
            <CsoundSynthesizer>
            <CsInstruments>
            nchnls = 2
            0dbfs = 1
            chn_k "gain", 1 ; no range given
            gkpitch chnexport "pitch", 1, 2, 440, 20, 2000
            chn_a "bus", 1
            instr 1
              outs oscili(0.1 * chnget:k("gain"), gkpitch), oscili(0.1, gkpitch)
            endin
            </CsInstruments>
            <CsScore>
            i 1 0 3600
            </CsScore>
            </CsoundSynthesizer>
            """;
        var id = (await host.CreateSessionAsync(new { csd }, asOperator: true)).GetProperty("id").GetString();
        await host.Client.PostAsync($"/api/sessions/{id}/start", null);

        Assert.Equal(HttpStatusCode.NoContent, (await host.Client.PutAsJsonAsync($"/api/sessions/{id}/channels/gain", new { value = 12.0 })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await host.Client.PutAsJsonAsync($"/api/sessions/{id}/channels/pitch", new { value = 880.0 })).StatusCode);
        await Problem(await host.Client.PutAsJsonAsync($"/api/sessions/{id}/channels/pitch", new { value = 5000.0 }), HttpStatusCode.BadRequest);
        await Problem(await host.Client.PutAsJsonAsync($"/api/sessions/{id}/channels/bus", new { value = 1.0 }), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Panics_beyond_a_few_a_second_are_429()
    {
        await using var host = await RunningHost.StartAsync();
        var id = await StartedSession(host, "nocturne");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            using var response = await host.Client.PostAsync($"/api/sessions/{id}/panic", null);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.NoContent, statuses[0]);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.All(statuses, status => Assert.True(status is HttpStatusCode.NoContent or HttpStatusCode.TooManyRequests, status.ToString()));
    }

    [Fact]
    public async Task A_udp_port_that_cannot_be_bound_is_503_and_the_next_start_tries_again()
    {
        var occupant = new UdpClient(new System.Net.IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)occupant.Client.LocalEndPoint!).Port;
        await using var host = await RunningHost.StartAsync(null, "--webrtc-udp-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var id = (await Json(await host.Client.PostAsJsonAsync("/api/sessions", new { instrument = "nocturne" }))).GetProperty("id").GetString();

        try
        {
            await Problem(await host.Client.PostAsync($"/api/sessions/{id}/start", null), HttpStatusCode.ServiceUnavailable);
        }
        finally
        {
            occupant.Dispose();
        }

        using var retried = await host.Client.PostAsync($"/api/sessions/{id}/start", null);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
    }

    /// <summary>A request body that ends before its Content-Length, as Kestrel reports it.</summary>
    private sealed class EndsEarly : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            throw new BadHttpRequestException("Unexpected end of request content.", StatusCodes.Status400BadRequest);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            throw new BadHttpRequestException("Unexpected end of request content.", StatusCodes.Status400BadRequest);
    }

    private static async Task<string> StartedSession(RunningHost host, string instrument)
    {
        var id = (await Json(await host.Client.PostAsJsonAsync("/api/sessions", new { instrument }))).GetProperty("id").GetString()!;
        using var started = await host.Client.PostAsync($"/api/sessions/{id}/start", null);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        return id;
    }

    private static async Task<TcpClient> Connect(RunningHost host)
    {
        var client = new TcpClient();
        await client.ConnectAsync(host.Address.Host, host.Address.Port);
        return client;
    }

    private static async Task SendHeadersAndPartOfTheBody(NetworkStream connection, RunningHost host, string id, string token)
    {
        var request = $"POST /api/sessions/{id}/audio/webrtc HTTP/1.1\r\n"
            + $"Host: {host.Address.Authority}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
            + "{\"type\": \"offer\", ";
        await connection.WriteAsync(Encoding.ASCII.GetBytes(request));
    }

    private static async Task<string> ReadStatusLine(NetworkStream connection)
    {
        // A guard against a host that never answers, far beyond Kestrel's 5 s grace for a slow body.
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var reader = new StreamReader(connection, Encoding.ASCII, leaveOpen: true);
        return await reader.ReadLineAsync(patience.Token) ?? "";
    }

    private static async Task<JsonElement> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await Json(response);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
