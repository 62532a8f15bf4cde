using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Orchestron.Host;

namespace Orchestron.Benchmarks.Browser;

/// <summary>
/// The real host in this process on Kestrel at 127.0.0.1 on a free port, accepting CSD text from its operator
/// (this benchmark), with the settings a measurement row names.
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private const string OperatorToken = "browser-benchmark-operator-token-0123456789";

    private readonly WebApplication _app;
    private readonly HttpClient _client;

    private BenchHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        _client = new HttpClient { BaseAddress = address };
    }

    /// <summary>The host's origin, which the benchmark page is served under so its requests are same-origin.</summary>
    public Uri Address { get; }

    public static async Task<BenchHost> StartAsync(params string[] settings)
    {
        // An empty environment: the host's VISUALCSOUND_ variables on this machine must not change the row.
        var app = OrchestronHostApp.Build(
            ["--host", "127.0.0.1", "--port", "0", "--allow-network-csd", "true", "--operator-token", OperatorToken, .. settings],
            new Dictionary<string, string?>());
        await app.StartAsync();
        return new BenchHost(app, new Uri(app.Urls.Single()));
    }

    /// <summary>Creates a session from <paramref name="csd"/> as the operator and starts it.</summary>
    public async Task<BenchSession> StartSessionAsync(string csd)
    {
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/sessions") { Content = JsonContent.Create(new { csd }) };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", OperatorToken);
        using var created = await _client.SendAsync(create);
        var body = await created.Content.ReadAsStringAsync();
        if (!created.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Creating the session failed: {(int)created.StatusCode} {body}");
        }

        var json = JsonDocument.Parse(body).RootElement;
        var session = new BenchSession(
            json.GetProperty("id").GetString()!,
            json.GetProperty("controlToken").GetString()!,
            json.GetProperty("listenToken").GetString()!);

        using var start = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{session.Id}/start");
        start.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.ControlToken);
        using var started = await _client.SendAsync(start);
        if (!started.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"Starting the session failed: {(int)started.StatusCode} {await started.Content.ReadAsStringAsync()}");
        }

        return session;
    }

    /// <summary>Moves the pacer's schedule <paramref name="pause"/> later, once (see <see cref="PacerPause"/>).</summary>
    public Task PausePacerAsync(TimeSpan pause) =>
        PacerPause.ApplyAsync(_app.Services.GetRequiredService<Orchestron.Streaming.Engine.StreamingEngine>(), pause);

    /// <summary>The host's own pipeline statistics for the session (underruns and the like), as JSON.</summary>
    public async Task<JsonElement> PipelineStatisticsAsync(BenchSession session)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{session.Id}/audio/stats");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.ControlToken);
        using var response = await _client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("pipeline").Clone();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A started session and the two tokens its creation returned.</summary>
internal sealed record BenchSession(string Id, string ControlToken, string ListenToken);
