using Microsoft.AspNetCore.Builder;

namespace Orchestron.Host.Tests.Support;

/// <summary>The real host on Kestrel at 127.0.0.1 on a free port, with an HttpClient pointed at it.</summary>
internal sealed class RunningHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RunningHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = address };
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public static async Task<RunningHost> StartAsync(
        Dictionary<string, string?>? environment = null, params string[] args)
    {
        var app = OrchestronHostApp.Build(["--host", "127.0.0.1", "--port", "0", .. args], environment ?? []);
        await app.StartAsync();
        var address = app.Urls.Single();
        return new RunningHost(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
