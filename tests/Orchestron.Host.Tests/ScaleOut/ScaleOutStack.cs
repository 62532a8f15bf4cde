using Orchestron.Host.Tests.Sessions;

namespace Orchestron.Host.Tests.ScaleOut;

/// <summary>Two host processes, replicas <c>a</c> and <c>b</c> with media ports of their own, behind HAProxy.</summary>
internal sealed class ScaleOutStack : IAsyncDisposable
{
    /// <summary>The TURN secret both replicas share, so that runtime-config shows which replica knew a token.</summary>
    public const string TurnSecret = "scale-out-turn-secret";

    private readonly Dictionary<string, string> _settings;

    private ScaleOutStack(HostProcess a, HostProcess b, HaproxyProcess proxy, Dictionary<string, string> settings)
    {
        _settings = settings;
        A = a;
        B = b;
        Proxy = proxy;
    }

    public HostProcess A { get; private set; }

    public HostProcess B { get; }

    public HaproxyProcess Proxy { get; }

    /// <summary>Starts both replicas, with <paramref name="settings"/> over the stack's own, and HAProxy before them.</summary>
    public static async Task<ScaleOutStack> StartAsync(Dictionary<string, string>? settings = null)
    {
        settings ??= [];
        var replicas = await Task.WhenAll(StartReplicaAsync("a", settings), StartReplicaAsync("b", settings));
        var proxy = await HaproxyProcess.StartAsync(replicas[0].Address, replicas[1].Address);
        return new ScaleOutStack(replicas[0], replicas[1], proxy, settings);
    }

    /// <summary>Kills replica a, as a crash would, and starts it again on the same address, empty.</summary>
    public async Task RestartAAsync()
    {
        var port = A.Address.Port;
        await A.KillAsync();
        await A.DisposeAsync();
        A = await StartReplicaAsync("a", _settings, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The replica whose id is <paramref name="replica"/>.</summary>
    public HostProcess Replica(string replica) => replica == "a" ? A : B;

    public async ValueTask DisposeAsync()
    {
        await Proxy.DisposeAsync();
        await A.DisposeAsync();
        await B.DisposeAsync();
    }

    private static Task<HostProcess> StartReplicaAsync(string replica, Dictionary<string, string> settings, params string[] args)
    {
        var environment = new Dictionary<string, string>
        {
            ["VISUALCSOUND_REPLICA_ID"] = replica,
            // Only HAProxy, on loopback here, may say which client a request came from.
            ["VISUALCSOUND_TRUSTED_PROXIES"] = "127.0.0.1",
            ["VISUALCSOUND_TURN_URLS"] = "turn:127.0.0.1:3478",
            ["VISUALCSOUND_TURN_SECRET"] = TurnSecret,
            // Each test creates a handful of sessions from the one loopback address.
            ["VISUALCSOUND_RATE_LIMIT_CREATES_PER_MINUTE"] = "100",
        };
        foreach (var (name, value) in settings)
        {
            environment[name] = value;
        }

        return HostProcess.StartAsync(environment, args);
    }
}
