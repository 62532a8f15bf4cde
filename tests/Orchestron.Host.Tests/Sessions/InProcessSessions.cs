using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Orchestron.Host.Sessions;
using Orchestron.Host.Tests.Support;

namespace Orchestron.Host.Tests.Sessions;

/// <summary>The host's services built but not serving: its session manager, driven directly, without HTTP in the way.</summary>
internal sealed class InProcessSessions : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessSessions(WebApplication app) => _app = app;

    public SessionManager Manager => _app.Services.GetRequiredService<SessionManager>();

    public T Get<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    public static InProcessSessions Build(params string[] args) =>
        new(OrchestronHostApp.Build(["--host", "127.0.0.1", "--port", "0", .. TestHostArguments.FixPlayingLimit(args, null)], new Dictionary<string, string?>()));

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
