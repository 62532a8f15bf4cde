using Orchestron.Streaming.Sandbox;
using Orchestron.WebRtc.Turn;

namespace Orchestron.Host.Configuration;

/// <summary>
/// Builds <see cref="OrchestronHostOptions"/> from the command line, the environment and appsettings, in
/// that order of precedence, parsing every value explicitly (no reflection binding).
/// </summary>
public static class OrchestronHostOptionsLoader
{
    /// <summary>Whether the arguments ask for the usage text.</summary>
    public static bool IsHelpRequested(IReadOnlyList<string> arguments) =>
        CommandLineArguments.Parse(arguments, []).HelpRequested;

    /// <summary>Reads and validates every setting.</summary>
    /// <exception cref="OrchestronConfigurationException">One or more values are invalid; the message lists them all.</exception>
    public static OrchestronHostOptions Load(ConfigurationInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var problems = new List<string>();
        var commandLine = CommandLineArguments.Parse(inputs.Arguments, problems);
        var reader = new SettingReader(commandLine, inputs.Environment, inputs.AppSettings, problems);

        var server = new ServerOptions(
            reader.HostName(OrchestronSettings.Host, "127.0.0.1"),
            reader.Integer(OrchestronSettings.Port, 8000, 0, 65535));
        var mode = reader.Mode(OrchestronSettings.AudioOutputMode, AudioOutputMode.Streaming);
        var streaming = StreamingSettings.Read(reader, server.Host);
        var webRtc = new WebRtcOptions(
            ReadFrontendIceServers(reader),
            ReadBackendIceServers(reader));
        var cors = reader.Origins(OrchestronSettings.CorsOrigins);
        var csound = new CsoundDefaults(
            reader.ModuleName(OrchestronSettings.CsoundRtAudio, "alsa"),
            reader.Integer(OrchestronSettings.CsoundSampleRate, 48000, 8000, 192000),
            reader.Integer(OrchestronSettings.CsoundKsmps, 32, 1, 4096),
            reader.Integer(OrchestronSettings.CsoundChannels, 2, 1, 8),
            reader.PositiveNumber(OrchestronSettings.CsoundZeroDbfs, 1.0));
        var turn = ReadTurn(reader);
        var sessions = ReadSessionLimits(reader);
        var security = SecuritySettingsReader.Read(reader, server, cors);
        // The host's listener cap is the sender's own, so no stream serves more (or fewer) than the setting says.
        streaming.Sender.MaxListeners = security.MaxListenersPerSession;
        var replica = reader.Read(OrchestronSettings.ReplicaId, null, static (string text, out string? id) =>
        {
            id = text;
            return SessionIdFormat.IsValidReplicaId(text);
        });
        var janus = JanusSettings.Read(reader);
        var fairness = FairShareSettings.Read(reader, sessions.MaxSessions);
        var cpuShare = CpuShareSettings.Read(reader);

        if (problems.Count > 0)
        {
            throw new OrchestronConfigurationException(problems);
        }

        return new OrchestronHostOptions(server, mode, streaming, webRtc, cors, csound, turn, sessions)
        {
            Security = security,
            ReplicaId = replica,
            Janus = janus,
            Sandbox = new CsoundSandboxOptions { StopTimeout = sessions.StopTimeout },
            Fairness = fairness,
            CpuShare = cpuShare,
        };
    }

    /// <summary>
    /// Reads the backend ICE servers: what the host's transport cannot use (see <see cref="BackendIceServers.TryCreate"/>)
    /// stops start-up, naming the setting, rather than being ignored.
    /// </summary>
    private static IReadOnlyList<IceServer> ReadBackendIceServers(SettingReader reader)
    {
        var servers = reader.IceServers(OrchestronSettings.BackendIceServers);
        if (!BackendIceServers.TryCreate(servers, out _, out var problem))
        {
            var setting = OrchestronSettings.BackendIceServers;
            reader.Problems.Add($"{setting.EnvironmentVariable} ({setting.Switch}): {problem}.");
        }

        return servers;
    }

    /// <summary>Reads the browsers' ICE servers, which must carry credentials a browser can use: a shared secret is the host's to keep.</summary>
    private static IReadOnlyList<IceServer> ReadFrontendIceServers(SettingReader reader)
    {
        var servers = reader.IceServers(OrchestronSettings.FrontendIceServers);
        if (servers.Any(server => server.Secret is not null))
        {
            var setting = OrchestronSettings.FrontendIceServers;
            reader.Problems.Add(
                $"{setting.EnvironmentVariable} ({setting.Switch}): a browser cannot use a TURN shared secret, and the host hands it to no one; "
                + $"give username and credential, or set {OrchestronSettings.TurnSecret.EnvironmentVariable} so that the host issues time-limited credentials.");
            return [];
        }

        return servers;
    }

    private static SessionLimits ReadSessionLimits(SettingReader reader)
    {
        var max = reader.Integer(OrchestronSettings.MaxSessions, SessionLimits.DefaultMaxSessions, 1, SessionLimits.MaxMaxSessions);
        var idleMinutes = reader.Integer(OrchestronSettings.SessionIdleMinutes, SessionLimits.DefaultIdleMinutes, 0, SessionLimits.MaxIdleMinutes);
        var stopMs = reader.Integer(
            OrchestronSettings.SessionStopTimeoutMs, SessionLimits.DefaultStopTimeoutMs, SessionLimits.MinStopTimeoutMs, SessionLimits.MaxStopTimeoutMs);
        var playing = string.Equals(
            reader.Raw(OrchestronSettings.MaxPlayingSessions)?.Value, SessionLimits.AutomaticPlayingSessions, StringComparison.OrdinalIgnoreCase)
            ? 0
            : reader.Integer(OrchestronSettings.MaxPlayingSessions, 0, 1, SessionLimits.MaxMaxSessions);
        return new SessionLimits(
            max, idleMinutes == 0 ? null : TimeSpan.FromMinutes(idleMinutes), TimeSpan.FromMilliseconds(stopMs))
        {
            MaxPlayingSessions = playing == 0 ? null : playing,
        };
    }

    /// <summary>The secret as given, or read from the file given instead; never both.</summary>
    private static string? TurnSecret(SettingReader reader)
    {
        var secret = reader.Text(OrchestronSettings.TurnSecret);
        var file = reader.Raw(OrchestronSettings.TurnSecretFile);
        if (file is null)
        {
            return secret;
        }

        if (secret is not null)
        {
            reader.Problems.Add($"{OrchestronSettings.TurnSecret.EnvironmentVariable} and {OrchestronSettings.TurnSecretFile.EnvironmentVariable} "
                + "are both set; accepted: one of them.");
            return secret;
        }

        string text;
        try
        {
            text = File.ReadAllText(file.Value).Trim();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            reader.Problems.Add(file.Invalid($"it cannot be read: {error.Message}"));
            return null;
        }

        if (text.Length == 0 || text.Any(char.IsWhiteSpace))
        {
            // Never echo a secret, even a malformed one.
            reader.Problems.Add(file.Invalid(text.Length == 0 ? "the file is empty" : "the secret in the file contains whitespace"));
            return null;
        }

        return text;
    }

    private static TurnOptions? ReadTurn(SettingReader reader)
    {
        var urls = reader.TurnUrls(OrchestronSettings.TurnUrls);
        var secret = TurnSecret(reader);
        var ttl = reader.Integer(
            OrchestronSettings.TurnCredentialTtlSeconds,
            OrchestronSettings.DefaultTurnCredentialTtlSeconds,
            (int)TurnRestCredentials.MinLifetime.TotalSeconds,
            (int)TurnRestCredentials.MaxLifetime.TotalSeconds);
        var urlsGiven = reader.Raw(OrchestronSettings.TurnUrls) is not null;
        // An unreadable secret file has been reported already.
        if (urlsGiven && secret is null && reader.Raw(OrchestronSettings.TurnSecretFile) is null)
        {
            reader.Problems.Add($"{OrchestronSettings.TurnUrls.EnvironmentVariable} is set but "
                + $"{OrchestronSettings.TurnSecret.EnvironmentVariable} is not (nor {OrchestronSettings.TurnSecretFile.EnvironmentVariable}); accepted: both set, or neither.");
        }
        else if (!urlsGiven && secret is not null)
        {
            var given = reader.Raw(OrchestronSettings.TurnSecretFile) is null ? OrchestronSettings.TurnSecret : OrchestronSettings.TurnSecretFile;
            reader.Problems.Add($"{given.EnvironmentVariable} is set but "
                + $"{OrchestronSettings.TurnUrls.EnvironmentVariable} is not; accepted: both set, or neither.");
        }

        return urls.Count > 0 && secret is not null
            ? new TurnOptions(urls, secret, TimeSpan.FromSeconds(ttl))
            : null;
    }
}
