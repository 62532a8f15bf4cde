using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Orchestron.Testing;

/// <summary>
/// A Janus server from Debian's package, on loopback, with a generated configuration: only the HTTP transport and
/// the streaming plugin, ICE-lite (so the in-process listeners, which check as the controlling agent, can connect
/// without gathering candidates of their own), an API secret, and a log kept for failure messages. Stopped on dispose.
/// Janus 1.1 never gathers candidates on loopback interfaces (ice.c skips IFF_LOOPBACK), so its offers name the
/// machine's own IPv4 address; traffic to it stays on the machine.
/// </summary>
public sealed class JanusServer : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/janus";
    private const string LibraryFolder = "/usr/lib/x86_64-linux-gnu/janus";

    private static readonly string[] OtherPlugins =
    [
        "audiobridge", "duktape", "echotest", "lua", "nosip", "recordplay", "sip", "textroom", "videocall", "videoroom", "voicemail",
    ];

    private static readonly string[] OtherTransports = ["mqtt", "nanomsg", "pfunix", "rabbitmq", "websockets"];

    private readonly DaemonProcess _daemon;

    private JanusServer(DaemonProcess daemon, int port, string apiSecret)
    {
        _daemon = daemon;
        Port = port;
        ApiSecret = apiSecret;
    }

    public int Port { get; }

    public string ApiSecret { get; }

    /// <summary>The HTTP API's base URL.</summary>
    public Uri ApiUrl => new($"http://127.0.0.1:{Port}/janus");

    /// <summary>Janus's process, for CPU measurements.</summary>
    public Process Process => _daemon.Process;

    public static async Task<JanusServer> StartAsync()
    {
        var port = FreeTcpPort();
        var secret = RandomNumberGenerator.GetHexString(32, lowercase: true);
        var daemon = DaemonProcess.Start(ExecutablePath, "janus", folder =>
        {
            WriteConfiguration(folder, port, secret);
            return ["-F", folder, "-C", Path.Combine(folder, "janus.jcfg")];
        });
        var server = new JanusServer(daemon, port, secret);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 100 && !daemon.Process.HasExited; attempt++)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(server.ApiUrl, "janus/info"));
                if (response.IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        var log = server.ReadLog();
        await server.DisposeAsync();
        throw new InvalidOperationException($"Janus did not answer on port {port}:\n{log}");
    }

    public string ReadLog() => _daemon.ReadLog();

    public ValueTask DisposeAsync() => _daemon.DisposeAsync();

    private static void WriteConfiguration(string folder, int port, string secret)
    {
        string Disabled(string kind, IEnumerable<string> names) =>
            string.Join(',', names.Select(name => $"libjanus_{name}.so"));

        File.WriteAllText(Path.Combine(folder, "janus.jcfg"), $$"""
            general: {
                configs_folder = "{{folder}}"
                plugins_folder = "{{LibraryFolder}}/plugins"
                transports_folder = "{{LibraryFolder}}/transports"
                events_folder = "{{LibraryFolder}}/events"
                loggers_folder = "{{LibraryFolder}}/loggers"
                log_to_stdout = true
                debug_level = 4
                api_secret = "{{secret}}"
                session_timeout = 60
            }
            media: {
                rtp_port_range = "40000-60000"
            }
            nat: {
                ice_lite = true
                nice_debug = false
            }
            plugins: {
                disable = "{{Disabled("plugin", OtherPlugins)}}"
            }
            transports: {
                disable = "{{Disabled("transport", OtherTransports)}}"
            }
            events: {
                broadcast = false
                disable = "libjanus_gelfevh.so,libjanus_mqttevh.so,libjanus_nanomsgevh.so,libjanus_rabbitmqevh.so,libjanus_sampleevh.so,libjanus_wsevh.so"
            }
            loggers: {
                disable = "libjanus_jsonlog.so"
            }
            """);
        File.WriteAllText(Path.Combine(folder, "janus.transport.http.jcfg"), $$"""
            general: {
                json = "compact"
                base_path = "/janus"
                http = true
                port = {{port.ToString(CultureInfo.InvariantCulture)}}
                ip = "127.0.0.1"
                https = false
            }
            admin: {
                admin_http = false
            }
            """);
        File.WriteAllText(Path.Combine(folder, "janus.plugin.streaming.jcfg"), """
            general: {
                events = false
            }
            """);
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
