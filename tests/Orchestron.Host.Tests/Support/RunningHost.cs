using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;

namespace Orchestron.Host.Tests.Support;

/// <summary>The real host on Kestrel at 127.0.0.1 on a free port, with an HttpClient pointed at it.</summary>
internal sealed class RunningHost : IAsyncDisposable
{
    /// <summary>The operator token of hosts started by <see cref="StartWithNetworkCsdAsync"/>.</summary>
    public const string OperatorToken = "test-operator-token-0123456789abcdef";

    private readonly WebApplication _app;

    private RunningHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Client = new HttpClient(new SessionTokenJar()) { BaseAddress = address };
    }

    public Uri Address { get; }

    /// <summary>The host's services, for tests that count what an attack changed inside it.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// The client the tests call through, as the owner of the sessions it creates: like the browser client, it
    /// keeps each created session's control token and sends it on that session's requests (see
    /// <see cref="SessionTokenJar"/>). <see cref="CreateSessionAsync"/> also makes a token its default.
    /// </summary>
    public HttpClient Client { get; }

    public static async Task<RunningHost> StartAsync(
        Dictionary<string, string?>? environment = null, params string[] args)
    {
        var app = OrchestronHostApp.Build(["--host", "127.0.0.1", "--port", "0", .. TestHostArguments.FixPlayingLimit(args, environment)], environment ?? []);
        await app.StartAsync();
        var address = app.Urls.Single();
        return new RunningHost(app, new Uri(address));
    }

    /// <summary>A host that accepts CSD text from the operator, whose token is <see cref="OperatorToken"/>.</summary>
    public static Task<RunningHost> StartWithNetworkCsdAsync(params string[] args) =>
        StartAsync(null, ["--allow-network-csd", "true", "--operator-token", OperatorToken, .. args]);

    /// <summary>A fresh client with no token, as a stranger would have.</summary>
    public HttpClient NewClient(string? bearerToken = null)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Address };
        if (bearerToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }

        return client;
    }

    /// <summary>
    /// POST /api/sessions with <paramref name="body"/> as JSON and <paramref name="bearerToken"/> (none when null),
    /// from a fresh client, so no session's control token goes along as an operator token.
    /// </summary>
    public async Task<HttpResponseMessage> PostCreateAsync(object body, string? bearerToken = null)
    {
        using var client = NewClient(bearerToken);
        return await client.PostAsJsonAsync("/api/sessions", body);
    }

    /// <summary>
    /// Creates a session (with the operator token when <paramref name="asOperator"/>), asserts 201, and makes
    /// <see cref="Client"/> its owner. Returns the created session's JSON, tokens included.
    /// </summary>
    public async Task<JsonElement> CreateSessionAsync(object body, bool asOperator = false)
    {
        using var response = await PostCreateAsync(body, asOperator ? OperatorToken : null);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
        var session = JsonDocument.Parse(text).RootElement.Clone();
        Client.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Bearer", session.GetProperty("controlToken").GetString());
        return session;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
