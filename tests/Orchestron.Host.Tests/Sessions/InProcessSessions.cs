using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Orchestron.Host.Sessions;
using Orchestron.Host.Tests.Support;
using Orchestron.Streaming.Sandbox;

namespace Orchestron.Host.Tests.Sessions;

/// <summary>The host's services built but not serving: its session manager, driven directly, without HTTP in the way.</summary>
internal sealed class InProcessSessions : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessSessions(WebApplication app) => _app = app;

    public SessionManager Manager => _app.Services.GetRequiredService<SessionManager>();

    public T Get<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    public static InProcessSessions Build(params string[] args) => Build(adjustSandbox: null, args);

    /// <summary>The host's services with its sandbox options changed (a bubblewrap or worker that cannot run, say).</summary>
    public static InProcessSessions Build(Action<CsoundSandboxOptions>? adjustSandbox, params string[] args) =>
        new(OrchestronHostApp.Build(
            ["--host", "127.0.0.1", "--port", "0", .. TestHostArguments.FixPlayingLimit(args, null)],
            new Dictionary<string, string?>(),
            options => adjustSandbox?.Invoke(options.Sandbox)));

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
